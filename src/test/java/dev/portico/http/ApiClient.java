package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DreamFactory client of one running server, as a browser or script would be: an optional API key
 * and session token sent in DreamFactory's headers, paths relative to {@code /api/v2}. Immutable.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final Map<String, String> headers;

    ApiClient(int port) {
        this(port, Map.of());
    }

    private ApiClient(int port, Map<String, String> headers) {
        this.port = port;
        this.headers = Map.copyOf(headers);
    }

    /** The same client sending one more header (or none, for a null value). */
    ApiClient with(String header, String value) {
        Map<String, String> more = new TreeMap<>(headers);
        if (value == null) {
            more.remove(header);
        } else {
            more.put(header, value);
        }
        return new ApiClient(port, more);
    }

    ApiClient withApiKey(String apiKey) {
        return with("X-DreamFactory-API-Key", apiKey);
    }

    ApiClient withToken(String token) {
        return with("X-DreamFactory-Session-Token", token);
    }

    /** JSON written with single quotes, for readability in tests: {@code {'name':'x'}}. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** GET {@code path} with query parameters given as name, value pairs (encoded here). */
    Reply get(String path, String... parameters) {
        return send("GET", path + query(parameters), null);
    }

    Reply post(String path, String body) {
        return send("POST", path, body);
    }

    Reply patch(String path, String body) {
        return send("PATCH", path, body);
    }

    Reply put(String path, String body) {
        return send("PUT", path, body);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    Reply send(String method, String path, String body) {
        // 60 s: a throttled login waits up to 16 s before bcrypt even starts, and a loaded CI machine is slow
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2" + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(method + " " + path, response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }

    private static String query(String... parameters) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            pairs.add(parameters[i] + "=" + URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    /** One response, with assertions that print the request and the body when they fail. */
    record Reply(String request, HttpResponse<String> response) {
        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        java.util.Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body());
            } catch (IOException e) {
                throw new AssertionError(request + " answered something that is not JSON: " + body(), e);
            }
        }

        /** Asserts the status; returns the JSON body. */
        JsonNode expect(int status) {
            assertEquals(status, status(), request + " -> " + body());
            return json();
        }

        /**
         * Asserts DreamFactory's error shape with this status ({"error":{"code","context","message"}},
         * no stack trace) and returns the message.
         */
        String error(int status) {
            JsonNode error = expect(status).path("error");
            assertTrue(error.isObject(), request + ": error envelope expected: " + body());
            assertEquals(List.of("code", "context", "message"), names(error), request + ": " + body());
            assertEquals(status, error.path("code").asInt(), request + ": " + body());
            assertTrue(error.path("context").isNull(), request + ": " + body());
            assertNoTrace();
            return error.path("message").asText();
        }

        /**
         * Asserts DreamFactory's batch error (400, code 1000, "Batch Error: …", the failed indexes)
         * and returns its context, {"error":[…],"resource":[…]}.
         */
        JsonNode batchError(String failedIndexes) {
            JsonNode error = expect(400).path("error");
            assertEquals(1000, error.path("code").asInt(), body());
            assertTrue(error.path("message").asText().startsWith("Batch Error: Not all requested records could be "), body());
            assertEquals(request.contains("rollback=true"), error.path("message").asText().endsWith(" All changes rolled back."),
                    body());
            assertEquals(failedIndexes, error.path("context").path("error").toString(), body());
            assertEquals(List.of("error", "resource"), names(error.path("context")), body());
            assertNoTrace();
            return error.path("context");
        }

        void assertNoTrace() {
            assertFalse(body().contains("at dev.portico") || body().contains("Exception") || body().contains("\tat "),
                    request + ": a response body must never carry a stack trace: " + body());
        }

    }

    /** The member names of a JSON object, sorted. */
    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }
}
