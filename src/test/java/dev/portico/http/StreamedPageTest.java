package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages of {@code GET _table/{table}} are streamed from the database to the client: over PostgreSQL
 * views whose rows are made as they are fetched, one row waits on a lock the test holds (the client
 * must already have the rows before it) or raises an error (the client must not get a whole answer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamedPageTest {
    private static final int GATE = 4242;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServedInstance served;
    private TestDatabase numbers;
    private String token;

    @BeforeAll
    void start(@TempDir Path home) throws SQLException {
        numbers = TestDatabase.create(DatabaseEngine.POSTGRESQL, home);
        try (Connection connection = numbers.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE FUNCTION wait_for_gate(n integer) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$ "
                    + "BEGIN PERFORM pg_advisory_lock_shared(" + GATE + "); PERFORM pg_advisory_unlock_shared(" + GATE
                    + "); RETURN n; END $$");
            statement.execute("CREATE FUNCTION broken(n integer) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$ "
                    + "BEGIN RAISE EXCEPTION 'row % cannot be made', n; END $$");
            // 8,000 rows of about 90 bytes of JSON: row 6,000 waits for the gate
            statement.execute("CREATE VIEW gated AS SELECT g AS id, repeat('x', 60) AS label, "
                    + "CASE WHEN g = 6000 THEN wait_for_gate(g) ELSE g END AS n FROM generate_series(1, 8000) AS g");
            statement.execute("CREATE VIEW failing_late AS SELECT g AS id, repeat('x', 60) AS label, "
                    + "CASE WHEN g = 6000 THEN broken(g) ELSE g END AS n FROM generate_series(1, 8000) AS g");
            // rows of about 12 bytes: the first 500 do not fill the JSON writer's buffer before row 700 fails
            statement.execute("CREATE VIEW failing_early AS SELECT CASE WHEN g = 700 THEN broken(g) ELSE g END AS id "
                    + "FROM generate_series(1, 8000) AS g");
        }
        served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("portico"));
        ApiClient admin = served.admin();
        ObjectNode config = ApiClient.JSON.createObjectNode();
        numbers.environment().forEach((key, value) -> {
            switch (key) {
                case "DB_HOST" -> config.put("host", value);
                case "DB_PORT" -> config.put("port", Integer.parseInt(value));
                case "DB_DATABASE" -> config.put("database", value);
                case "DB_USERNAME" -> config.put("username", value);
                case "DB_PASSWORD" -> config.put("password", value);
                default -> { }
            }
        });
        config.put("max_records", 10_000);
        ObjectNode service = ApiClient.JSON.createObjectNode().put("name", "numbers").put("label", "Numbers")
                .put("type", "pgsql").put("is_active", true);
        service.set("config", config);
        admin.post("/system/service", service.toString()).expect(201);
        token = ServedInstance.login(served.anonymous(), "/system/admin/session", ServedInstance.ADMIN_EMAIL,
                ServedInstance.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        try {
            if (served != null) {
                served.close();
            }
        } finally {
            numbers.close();
        }
    }

    @Test
    void rows_reach_the_client_while_the_query_is_still_running() throws Exception {
        try (Connection gate = numbers.connect(); Statement statement = gate.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + GATE + ")");
            CompletableFuture<HttpResponse<InputStream>> answer = HTTP.sendAsync(request("gated", "8000"),
                    HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<InputStream> response;
            try {
                response = answer.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                statement.execute("SELECT pg_advisory_unlock(" + GATE + ")");
                throw new AssertionError("no answer within 20 s while the query waited at row 6,000: the page is "
                        + "not streamed", e);
            }
            assertEquals(200, response.statusCode());
            StringBuilder received = new StringBuilder();
            InputStream body = response.body();
            CompletableFuture<Void> firstRows = CompletableFuture.runAsync(() -> readUntil(body, received, "\"id\":4000,"));
            try {
                firstRows.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                statement.execute("SELECT pg_advisory_unlock(" + GATE + ")");
                throw new AssertionError("row 4,000 did not arrive while the query waited at row 6,000 (received "
                        + received.length() + " characters): the page is not streamed", e);
            }
            assertTrue(RunningServer.waitFor(() -> waitingOnTheGate(statement)), "the query waits at row 6,000");
            assertTrue(received.toString().startsWith("{\"resource\":[{\"id\":1,\"label\":\"xxx"), received.substring(0, 80));
            statement.execute("SELECT pg_advisory_unlock(" + GATE + ")");
            received.append(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            JsonNode page = ApiClient.JSON.readTree(received.toString());
            assertEquals(List.of("resource"), ApiClient.names(page));
            assertEquals(8000, page.path("resource").size());
            assertEquals(6000, page.path("resource").path(5999).path("n").asInt());
            assertEquals(8000, page.path("resource").path(7999).path("id").asInt());
        }
    }

    @Test
    void a_database_failure_after_part_of_the_page_was_sent_cuts_the_response() {
        ExecutionException cut = assertThrows(ExecutionException.class, () -> {
            HttpResponse<String> whole = HTTP.sendAsync(request("failing_late", "8000"),
                    HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
            fail("a page cut short by a database failure was answered as a whole: " + whole.statusCode() + " …"
                    + whole.body().substring(Math.max(0, whole.body().length() - 200)));
        });
        assertTrue(cut.getCause() instanceof IOException, "the client sees a broken transfer: " + cut.getCause());
        assertEquals(5999, served.admin().get("/numbers/_table/failing_late", "limit", "5999").expect(200)
                .path("resource").size(), "the connection went back to the pool and serves the next request");
    }

    @Test
    void a_database_failure_before_any_byte_was_sent_is_an_ordinary_error() {
        ApiClient admin = served.admin();
        String message = admin.get("/numbers/_table/failing_early", "limit", "8000").error(500);
        assertTrue(message.contains("The server log has the details"), message);
        assertTrue(admin.get("/numbers/_table/gated", "filter", "nothing = 1", "limit", "8000").error(400)
                .contains("'nothing'"), "input is checked before the first byte");
        assertEquals(699, admin.get("/numbers/_table/failing_early", "limit", "699").expect(200).path("resource").size());
    }

    private HttpRequest request(String table, String limit) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.port() + "/api/v2/numbers/_table/" + table
                + "?limit=" + limit)).header("X-DreamFactory-Session-Token", token).timeout(Duration.ofSeconds(60)).build();
    }

    private static void readUntil(InputStream body, StringBuilder received, String marker) {
        byte[] buffer = new byte[4096];
        try {
            while (received.indexOf(marker) < 0) {
                int read = body.read(buffer);
                if (read < 0) {
                    return;
                }
                received.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean waitingOnTheGate(Statement statement) {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND objid = " + GATE + " AND NOT granted")) {
            rows.next();
            return rows.getInt(1) == 1;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
