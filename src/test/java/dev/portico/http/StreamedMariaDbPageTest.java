package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large pages over MariaDB, which the driver streams: a page whose query is killed, or whose
 * connection is, after part of it reached the client is cut, and the service goes on serving; a
 * large page's related records are read while its rows still stream (MariaDB's driver would read
 * the rest of the page into memory before it runs a statement on the page's own connection).
 * Row 6,000 of the view {@code gated} waits for a user lock the test holds, so the test knows
 * where the query is when it kills it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamedMariaDbPageTest {
    private static final int ITEMS = 12_000;
    private static final int OWNERS = 7;

    private ServedInstance served;
    private TestDatabase database;
    private String gate;
    private String token;

    @BeforeAll
    void start(@TempDir Path home) throws SQLException {
        database = TestDatabase.create(DatabaseEngine.MYSQL, home);
        gate = database.name() + "_gate"; // user locks are server-wide
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION max_recursive_iterations = 100000");
            statement.execute("CREATE TABLE numbers (id INT PRIMARY KEY, label VARCHAR(60) NOT NULL) ENGINE=InnoDB");
            statement.execute("INSERT INTO numbers WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g "
                    + "WHERE n < 8000) SELECT n, REPEAT('x', 60) FROM g");
            // the lock is let go at once when it is had, so that no pooled connection keeps it
            statement.execute("CREATE VIEW gated AS SELECT id, label, CASE WHEN id = 6000 THEN GET_LOCK('" + gate
                    + "', 60) + RELEASE_LOCK('" + gate + "') + id - 2 ELSE id END AS n FROM numbers");
            statement.execute("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL) ENGINE=InnoDB");
            statement.execute("INSERT INTO owners SELECT n, CONCAT('owner ', n) FROM (WITH RECURSIVE g(n) AS "
                    + "(SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < " + OWNERS + ") SELECT n FROM g) o");
            // about 24 MB of rows: the sockets between MariaDB and Portico held about 6 MB of them when measured
            statement.execute("CREATE TABLE items (id INT PRIMARY KEY, owner_id INT NOT NULL, body TEXT NOT NULL, "
                    + "FOREIGN KEY (owner_id) REFERENCES owners (id)) ENGINE=InnoDB");
            statement.execute("INSERT INTO items WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g "
                    + "WHERE n < " + ITEMS + ") SELECT n, n % " + OWNERS + " + 1, REPEAT('b', 2000) FROM g");
        }
        served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("portico"));
        ApiClient admin = served.admin();
        // pool_size 1: the next request must be served by the same connection, or the pool's new one
        StreamedPages.addService(admin, "one", database, ApiClient.JSON.createObjectNode()
                .put("max_records", 20_000).put("pool_size", 1));
        StreamedPages.addService(admin, "two", database, ApiClient.JSON.createObjectNode()
                .put("max_records", 20_000).put("pool_size", 2));
        StreamedPages.addService(admin, "many", database, ApiClient.JSON.createObjectNode().put("max_records", 20_000));
        token = StreamedPages.adminToken(served);
    }

    @AfterAll
    void stop() {
        StreamedPages.stop(served, database);
    }

    @Test
    void a_query_killed_after_part_of_the_page_was_sent_cuts_the_response_and_the_service_goes_on() throws Exception {
        killedMidPage("KILL QUERY ");
    }

    @Test
    void a_connection_killed_after_part_of_the_page_was_sent_cuts_the_response_and_the_service_goes_on()
            throws Exception {
        killedMidPage("KILL ");
    }

    private void killedMidPage(String kill) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            assertEquals(1, single(statement, "SELECT GET_LOCK('" + gate + "', 0)"), "the test holds the gate");
            try {
                StringBuilder received = new StringBuilder();
                InputStream body = StreamedPages.readUntil(StreamedPages.request(served, token,
                        "one/_table/gated?limit=8000"), received, "\"id\":4000,", "the page is not streamed");
                long query = waitForSession(statement, "User lock", "%FROM `gated`%");
                statement.execute(kill + query);
                StreamedPages.assertCut(body, received);
            } finally {
                single(statement, "SELECT RELEASE_LOCK('" + gate + "')");
            }
        }
        JsonNode next = served.admin().get("/one/_table/gated", "limit", "8000").expect(200).path("resource");
        assertEquals(8000, next.size(), "the service's one pooled connection serves the next page whole");
        assertEquals(6000, next.path(5999).path("n").asInt());
    }

    @Test
    void a_large_pages_related_records_are_read_while_its_rows_still_stream() throws Exception {
        served.admin().get("/many/_table/items", "limit", "1", "related", "*").expect(200); // metadata read
        CompletableFuture<HttpResponse<String>> answer;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLES owners WRITE");
            try {
                answer = StreamedPages.HTTP.sendAsync(StreamedPages.request(served, token,
                        "many/_table/items?limit=" + ITEMS + "&related=*"), HttpResponse.BodyHandlers.ofString());
                long related = waitForSession(statement, "Waiting for table metadata lock", "%FROM `owners`%");
                OptionalLong page = session(statement, "%", "SELECT%FROM `items`%");
                assertTrue(page.isPresent() && page.getAsLong() != related, "while the first related records are "
                        + "read (session " + related + "), the page's rows must still stream on another connection, "
                        + "not have been read whole: " + sessions(statement));
            } finally {
                statement.execute("UNLOCK TABLES");
            }
        }
        JsonNode items = ApiClient.JSON.readTree(answer.get(60, TimeUnit.SECONDS).body()).path("resource");
        assertEquals(ITEMS, items.size());
        for (int index : new int[] {0, 499, 500, 6543, ITEMS - 1}) {
            JsonNode item = items.path(index);
            assertEquals(index + 1, item.path("id").asInt());
            assertEquals("owner " + ((index + 1) % OWNERS + 1), item.path("owners_by_owner_id").path("name").asText(),
                    item.path("owners_by_owner_id").toString());
        }
    }

    @Test
    void large_pages_with_related_records_are_answered_on_pools_of_one_and_two_connections() throws Exception {
        JsonNode alone = served.admin().get("/one/_table/items", "limit", "1200", "related", "*").expect(200);
        assertEquals(1200, alone.path("resource").size(), "pool_size 1: the related records share the page's connection");
        assertEquals("owner " + (1200 % OWNERS + 1), alone.path("resource").path(1199).path("owners_by_owner_id").path("name").asText());
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> pages = new ArrayList<>();
            for (int request = 0; request < 8; request++) {
                pages.add(clients.submit(() -> served.admin().get("/two/_table/items", "limit", "1200", "related", "*")
                        .expect(200).path("resource").size()));
            }
            for (Future<Integer> page : pages) {
                assertEquals(1200, page.get(60, TimeUnit.SECONDS), "pool_size 2, four at once: no request holds one "
                        + "connection while waiting for another's");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** The id of the session (not this one) in a state like {@code state} running a statement like {@code info}; waits for one. */
    private static long waitForSession(Statement statement, String state, String info) {
        long[] found = new long[1];
        assertTrue(RunningServer.waitFor(() -> {
            OptionalLong session = session(statement, state, info);
            session.ifPresent(id -> found[0] = id);
            return session.isPresent();
        }), "no session came to '" + state + "' running " + info + ": " + sessions(statement));
        return found[0];
    }

    private static OptionalLong session(Statement statement, String state, String info) {
        try (PreparedStatement query = statement.getConnection().prepareStatement("SELECT id FROM "
                + "information_schema.processlist WHERE id <> CONNECTION_ID() AND db = DATABASE() AND command = 'Query' "
                + "AND state LIKE ? AND info LIKE ?")) {
            query.setString(1, state);
            query.setString(2, info);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String sessions(Statement statement) {
        StringBuilder list = new StringBuilder();
        try (ResultSet rows = statement.executeQuery("SELECT id, command, state, LEFT(info, 80) FROM "
                + "information_schema.processlist WHERE db = DATABASE()")) {
            while (rows.next()) {
                list.append("\n  ").append(rows.getLong(1)).append(' ').append(rows.getString(2)).append(" '")
                        .append(rows.getString(3)).append("' ").append(rows.getString(4));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return list.toString();
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
