package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the tests of streamed pages share: a database service over a test database, requests read
 * part by part with a plain HTTP client, and the check that a page cut short cannot pass for a
 * whole one. Stateless.
 */
final class StreamedPages {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StreamedPages() {
    }

    /** Adds an active service {@code name} over {@code database}; {@code config} holds more config members. */
    static void addService(ApiClient admin, String name, TestDatabase database, ObjectNode config) {
        database.environment().forEach((key, value) -> {
            switch (key) {
                case "DB_HOST" -> config.put("host", value);
                case "DB_PORT" -> config.put("port", Integer.parseInt(value));
                case "DB_DATABASE" -> config.put("database", value);
                case "DB_USERNAME" -> config.put("username", value);
                case "DB_PASSWORD" -> config.put("password", value);
                default -> { }
            }
        });
        ObjectNode service = ApiClient.JSON.createObjectNode().put("name", name).put("label", name)
                .put("type", database.engine().connectionName()).put("is_active", true);
        service.set("config", config);
        admin.post("/system/service", service.toString()).expect(201);
    }

    /** A session token of the instance's first admin. */
    static String adminToken(ServedInstance served) {
        return ServedInstance.login(served.anonymous(), "/system/admin/session", ServedInstance.ADMIN_EMAIL,
                ServedInstance.ADMIN_PASSWORD);
    }

    /** Stops the server (when it started), then drops the test's database. */
    static void stop(ServedInstance served, TestDatabase database) {
        try {
            if (served != null) {
                served.close();
            }
        } finally {
            database.close();
        }
    }

    static HttpRequest request(ServedInstance served, String token, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.port() + "/api/v2/" + pathAndQuery))
                .header("X-DreamFactory-Session-Token", token).timeout(Duration.ofSeconds(60)).build();
    }

    /**
     * Sends {@code request} and reads its body until {@code marker} has arrived; fails when that takes
     * more than 20 s ({@code why} says what that would mean). The rest of the body is left unread.
     */
    static InputStream readUntil(HttpRequest request, StringBuilder received, String marker, String why)
            throws Exception {
        HttpResponse<InputStream> response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .get(20, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            fail("expected 200, got " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        InputStream body = response.body();
        try {
            CompletableFuture.runAsync(() -> readUntil(body, received, marker)).get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(marker + " did not arrive within 20 s (received " + received.length()
                    + " characters): " + why, e);
        }
        if (received.indexOf(marker) < 0) {
            fail("the body ended before " + marker + ": …" + received.substring(Math.max(0, received.length() - 200)));
        }
        return body;
    }

    private static void readUntil(InputStream body, StringBuilder received, String marker) {
        byte[] buffer = new byte[4096];
        try {
            while (received.indexOf(marker) < 0) {
                int read = body.read(buffer);
                if (read < 0) {
                    return;
                }
                received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code request} and fails unless the transfer breaks: a page cut short by a database
     * failure must not arrive whole (an ordinary error answer would mean the failure came before the
     * first byte).
     */
    static void assertCut(HttpRequest request) throws Exception {
        try {
            HttpResponse<String> whole = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
            fail("a page cut short by a database failure was answered as a whole: " + whole.statusCode() + " …"
                    + whole.body().substring(Math.max(0, whole.body().length() - 200)));
        } catch (ExecutionException cut) {
            assertTrue(cut.getCause() instanceof IOException, "the client sees a broken transfer: " + cut.getCause());
        }
    }

    /**
     * Reads the rest of a body of which {@code received} has arrived, and fails unless the transfer
     * breaks or what arrived is not a whole JSON document: a cut page must not pass for a whole one.
     */
    static void assertCut(InputStream body, StringBuilder received) {
        try {
            received.append(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException broken) {
            return; // the client sees a broken transfer
        }
        try {
            ApiClient.JSON.readTree(received.toString());
        } catch (JsonProcessingException unfinished) {
            return; // the transfer ended, but the JSON is unfinished
        }
        fail("a page cut short by a database failure arrived as a whole JSON document of " + received.length()
                + " characters: …" + received.substring(Math.max(0, received.length() - 200)));
    }
}
