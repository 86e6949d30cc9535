package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.BuildInfo;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private TestInstance instance;
    private RunningServer server;

    @BeforeEach
    void serve() {
        instance = new TestInstance(DatabaseEngine.SQLITE, home);
        server = RunningServer.start(instance);
    }

    @AfterEach
    void stop() {
        try {
            server.close();
        } finally {
            instance.close();
        }
    }

    @Test
    void the_environment_names_this_build_and_the_dreamfactory_api_version() throws IOException {
        HttpResponse<String> response = server.get("/api/v2/system/environment");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(ServeFirstRunTest.isJson(response), response.headers().map().toString());
        JsonNode body = JSON.readTree(response.body());
        String version = BuildInfo.load().version();
        assertFalse(version.equals("unknown"), "the build must know its own version");
        assertEquals(version, body.path("platform").path("version").asText(), response.body());
        assertEquals("2.0", body.path("platform").path("api_version").asText(), response.body());
        assertEquals("email", body.path("authentication").path("login_attribute").asText(), response.body());
        assertTrue(server.out().contains("Portico " + version + " is serving on"), server.out());
    }

    @Test
    void with_one_worker_requests_made_at_once_wait_their_turn_and_all_succeed(@TempDir Path otherHome) throws Exception {
        try (TestInstance small = new TestInstance(DatabaseEngine.SQLITE, otherHome).with("PORTICO_HTTP_WORKERS", "1");
             RunningServer one = RunningServer.start(small)) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String path = i % 2 == 0 ? "/api/v2/system/environment" : "/health/ready";
                    answers.add(clients.submit(() -> one.get(path)));
                }
                for (Future<HttpResponse<String>> answer : answers) {
                    assertEquals(200, answer.get(30, TimeUnit.SECONDS).statusCode());
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void an_unknown_route_answers_404_in_the_dreamfactory_error_shape() throws IOException {
        assertNotFound(server.get("/api/v2/nope"), "GET /api/v2/nope");
        assertNotFound(server.send("POST", "/x"), "POST /x");
    }

    private static void assertNotFound(HttpResponse<String> response, String route) throws IOException {
        assertEquals(404, response.statusCode(), response.body());
        assertTrue(ServeFirstRunTest.isJson(response), response.headers().map().toString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(List.of("error"), fieldNames(body), response.body());
        JsonNode error = body.path("error");
        assertEquals(List.of("code", "context", "message"), fieldNames(error).stream().sorted().toList(), response.body());
        assertEquals(404, error.path("code").asInt(), response.body());
        assertTrue(error.path("code").isInt(), "code is a number: " + response.body());
        assertTrue(error.path("context").isNull(), response.body());
        assertEquals("Route not found: " + route, error.path("message").asText(), response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat ")
                || response.body().contains("io.javalin"), "no stack trace in the body: " + response.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void metrics_count_requests_by_route_and_include_the_jvm_meters() {
        assertEquals(200, server.get("/health/live").statusCode());
        Pattern liveCount = Pattern.compile(
                "(?m)^http_server_requests_seconds_count\\{[^}]*route=\"/health/live\"[^}]*status=\"200\"[^}]*} 1(\\.0)?$");
        String[] scrape = {""};
        // the timing is recorded by the request logger at the end of the exchange; poll rather than race it
        boolean counted = RunningServer.waitFor(() -> {
            HttpResponse<String> metrics = server.get("/metrics");
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                    metrics.headers().map().toString());
            scrape[0] = metrics.body();
            return liveCount.matcher(scrape[0]).find();
        });
        assertTrue(counted, "one GET /health/live counted under its route:\n" + scrape[0]);
        assertTrue(scrape[0].contains("jvm_memory_used_bytes"), scrape[0]);
        assertTrue(scrape[0].contains("jvm_memory_max_bytes"), scrape[0]);
    }

    @Test
    void unknown_paths_share_one_metrics_series_instead_of_one_per_path() {
        for (String path : List.of("/a", "/b", "/c/d")) {
            assertEquals(404, server.get(path).statusCode());
        }
        String[] scrape = {""};
        boolean counted = RunningServer.waitFor(() -> {
            scrape[0] = server.get("/metrics").body();
            return scrape[0].matches("(?s).*http_server_requests_seconds_count\\{[^}]*route=\"unmatched\""
                    + "[^}]*status=\"404\"[^}]*} 3(\\.0)?\n.*");
        });
        assertTrue(counted, "three 404s counted in one 'unmatched' series:\n" + scrape[0]);
        assertFalse(scrape[0].contains("route=\"/c/d\""), scrape[0]);
    }

    @Test
    void the_request_log_records_a_request_without_its_query_string() {
        assertEquals(200, server.get("/health/live?api_key=secretvalue123").statusCode());
        Path log = home.resolve("storage/logs/portico.log");
        assertTrue(RunningServer.waitFor(() -> read(log).contains("GET /health/live 200")),
                "the request is logged in " + log + ":\n" + read(log));
        assertFalse(read(log).contains("secretvalue123"), "the API key must not reach the log:\n" + read(log));
        assertFalse(read(log).contains(instance.environment().get("APP_KEY")), "the key must not reach the log");
    }

    @Test
    void the_request_log_records_an_unknown_route_as_404_without_its_query_string() {
        HttpResponse<String> response = server.get("/api/v2/nope?api_key=secretvalue123&session_token=tokenvalue456");
        assertEquals(404, response.statusCode(), response.body());
        Path log = home.resolve("storage/logs/portico.log");
        assertTrue(RunningServer.waitFor(() -> read(log).contains("GET /api/v2/nope 404")),
                "the 404 is logged in " + log + ":\n" + read(log));
        assertFalse(read(log).contains("secretvalue123"), "the API key must not reach the log:\n" + read(log));
        assertFalse(read(log).contains("tokenvalue456"), "the session token must not reach the log:\n" + read(log));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
