package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
        StreamedPages.addService(served.admin(), "numbers", numbers, ApiClient.JSON.createObjectNode()
                .put("max_records", 10_000));
        token = StreamedPages.adminToken(served);
    }

    @AfterAll
    void stop() {
        StreamedPages.stop(served, numbers);
    }

    @Test
    void rows_reach_the_client_while_the_query_is_still_running() throws Exception {
        try (Connection gate = numbers.connect(); Statement statement = gate.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + GATE + ")");
            StringBuilder received = new StringBuilder();
            InputStream body;
            try {
                body = StreamedPages.readUntil(request("gated", "8000"), received, "\"id\":4000,",
                        "row 4,000 did not arrive while the query waited at row 6,000: the page is not streamed");
                assertTrue(RunningServer.waitFor(() -> waitingOnTheGate(statement)), "the query waits at row 6,000");
                assertTrue(received.toString().startsWith("{\"resource\":[{\"id\":1,\"label\":\"xxx"),
                        received.substring(0, 80));
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + GATE + ")");
            }
            received.append(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            JsonNode page = ApiClient.JSON.readTree(received.toString());
            assertEquals(List.of("resource"), ApiClient.names(page));
            assertEquals(8000, page.path("resource").size());
            assertEquals(6000, page.path("resource").path(5999).path("n").asInt());
            assertEquals(8000, page.path("resource").path(7999).path("id").asInt());
        }
    }

    @Test
    void a_database_failure_after_part_of_the_page_was_sent_cuts_the_response() throws Exception {
        StreamedPages.assertCut(request("failing_late", "8000"));
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
        return StreamedPages.request(served, token, "numbers/_table/" + table + "?limit=" + limit);
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
