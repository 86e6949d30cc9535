package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large pages over SQLite, which steps through its rows as they are written, failing after part of
 * the page reached the client: the response is cut, and the service's one connection serves the next
 * request. A stored value cannot be what fails — the driver hands over any stored value as text,
 * number or bytes, whatever the column's declared type — and a file made unreadable or removed
 * stays readable through the handle SQLite holds. What does fail mid-page is a row SQLite cannot
 * compute (a view's expression overflows at row 6,000) and a damaged database page (a storage fault:
 * the table page holding the rows from about 6,000 on is overwritten before the service opens it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamedSqlitePageTest {
    private ServedInstance served;
    private TestDatabase database;
    private long damagedFrom;
    private String token;

    @BeforeAll
    void start(@TempDir Path home) throws SQLException, IOException {
        database = TestDatabase.create(DatabaseEngine.SQLITE, Files.createDirectories(home.resolve("numbers")));
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE numbers (id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
            statement.execute("INSERT INTO numbers WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g "
                    + "WHERE n < 8000) SELECT n, printf('%.60c', 'x') FROM g");
            // abs() of the smallest integer is an "integer overflow" error, raised when row 6,000 is made
            statement.execute("CREATE VIEW failing_late AS WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
                    + "FROM g WHERE n < 8000) SELECT n AS id, printf('%.60c', 'x') AS label, CASE WHEN n = 6000 "
                    + "THEN abs(-9223372036854775807 - 1) ELSE n END AS n FROM g");
        }
        damagedFrom = SqliteFile.damageLeafPageFrom(database.sqliteFile(), 6000);
        served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("portico"));
        StreamedPages.addService(served.admin(), "numbers", database, ApiClient.JSON.createObjectNode()
                .put("max_records", 10_000).put("pool_size", 1));
        token = StreamedPages.adminToken(served);
    }

    @AfterAll
    void stop() {
        StreamedPages.stop(served, database);
    }

    @Test
    void a_row_that_cannot_be_computed_after_part_of_the_page_was_sent_cuts_the_response() throws Exception {
        StreamedPages.assertCut(StreamedPages.request(served, token, "numbers/_table/failing_late?limit=8000"));
        assertEquals(5999, served.admin().get("/numbers/_table/failing_late", "limit", "5999").expect(200)
                .path("resource").size(), "the service's one connection serves the next request");
    }

    @Test
    void a_damaged_database_page_met_after_part_of_the_page_was_sent_cuts_the_response() throws Exception {
        assertTrue(damagedFrom >= 6000 && damagedFrom < 6200, "damaged from row " + damagedFrom);
        StreamedPages.assertCut(StreamedPages.request(served, token, "numbers/_table/numbers?limit=8000"));
        JsonNode before = served.admin().get("/numbers/_table/numbers", "limit", String.valueOf(damagedFrom - 1))
                .expect(200).path("resource");
        assertEquals(damagedFrom - 1, before.size(), "the service's one connection serves the rows before the damage");
        assertEquals(damagedFrom - 1, before.path((int) damagedFrom - 2).path("id").asLong());
    }

    /** The b-tree pages of a SQLite file, as the file format describes them. */
    private static final class SqliteFile {
        private static final int TABLE_LEAF = 0x0D;

        /**
         * Overwrites the type of the table leaf page whose first row id is the least at or above
         * {@code rowId}, so that SQLite finds it malformed when a scan reaches it; returns that row id.
         */
        static long damageLeafPageFrom(Path file, long rowId) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            int pageSize = ((bytes[16] & 0xFF) << 8 | (bytes[17] & 0xFF)) == 1 ? 65_536
                    : (bytes[16] & 0xFF) << 8 | (bytes[17] & 0xFF);
            long best = Long.MAX_VALUE;
            int target = -1;
            for (int page = 1; (long) page * pageSize <= bytes.length; page++) {
                int start = (page - 1) * pageSize;
                int header = start + (page == 1 ? 100 : 0);
                if ((bytes[header] & 0xFF) != TABLE_LEAF || cells(bytes, header) == 0) {
                    continue;
                }
                int cell = start + ((bytes[header + 8] & 0xFF) << 8 | (bytes[header + 9] & 0xFF));
                long first = varint(bytes, cell + varintLength(bytes, cell));
                if (first >= rowId && first < best) {
                    best = first;
                    target = start;
                }
            }
            if (target < 0) {
                throw new AssertionError("no table page of " + file + " starts at or after row " + rowId);
            }
            try (RandomAccessFile damaged = new RandomAccessFile(file.toFile(), "rw")) {
                damaged.seek(target);
                damaged.write(0); // not a page type
            }
            return best;
        }

        private static int cells(byte[] bytes, int header) {
            return (bytes[header + 3] & 0xFF) << 8 | (bytes[header + 4] & 0xFF);
        }

        private static int varintLength(byte[] bytes, int at) {
            int length = 1;
            while (length < 9 && (bytes[at + length - 1] & 0x80) != 0) {
                length++;
            }
            return length;
        }

        private static long varint(byte[] bytes, int at) {
            long value = 0;
            for (int index = 0; index < 9; index++) {
                int b = bytes[at + index] & 0xFF;
                if (index == 8) {
                    return value << 8 | b;
                }
                value = value << 7 | (b & 0x7F);
                if (b < 0x80) {
                    return value;
                }
            }
            return value;
        }
    }
}
