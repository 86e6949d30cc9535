package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's COPY reader gives exactly the values the result-set reader gives (the archive's hashes depend on
 * it), for every awkward value; and a reader that stops half-way leaves the connection usable.
 */
class CopyRowsTest {
    private static final List<BackupManifest.Column> COLUMNS = List.of(
            new BackupManifest.Column("id", ColumnType.INTEGER), new BackupManifest.Column("small", ColumnType.INTEGER),
            new BackupManifest.Column("flag", ColumnType.BOOLEAN), new BackupManifest.Column("words", ColumnType.TEXT),
            new BackupManifest.Column("at", ColumnType.TIMESTAMP));

    @TempDir
    Path folder;

    @Test
    void copy_reads_the_same_values_as_the_result_set() throws Exception {
        try (TestDatabase database = TestDatabase.create(DatabaseEngine.POSTGRESQL, folder);
             Connection connection = database.connect()) {
            create(connection);
            long id = 0;
            List<String> texts = new ArrayList<>(RestoreEscapingTest.VALUES.values());
            texts.addAll(Arrays.asList("\\", "\\\\", "a\\", "\t", "\n", "x".repeat(100_000), "end\t", "\tstart"));
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO awkward (id, small, flag, words, at) VALUES (?, ?, ?, ?, ?::timestamp)")) {
                Object[][] extremes = {{Long.MIN_VALUE, Integer.MIN_VALUE, true, "0001-01-01 00:00:00"},
                    {Long.MAX_VALUE, Integer.MAX_VALUE, false, "9999-12-31 23:59:59.999999"},
                    {0L, null, null, null}, {-1L, -1, true, "2024-02-29 12:34:56.1"}, {1L, 0, false, "1970-01-01 00:00:00.000001"}};
                for (Object[] row : extremes) {
                    insert.setLong(1, (Long) row[0]);
                    insert.setObject(2, row[1]);
                    insert.setObject(3, row[2]);
                    insert.setString(4, "extreme");
                    insert.setString(5, (String) row[3]);
                    insert.addBatch();
                }
                for (String text : texts) {
                    insert.setLong(1, 1000 + id++);
                    insert.setInt(2, (int) id);
                    insert.setBoolean(3, id % 2 == 0);
                    insert.setString(4, text);
                    insert.setString(5, "2021-06-0" + (1 + id % 9) + " 10:00:0" + (id % 10) + "." + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            List<List<Object>> copied = rows(new CopyRows(connection));
            List<List<Object>> selected = rows(new TableRows(connection, DatabaseEngine.POSTGRESQL));
            assertEquals(5 + texts.size(), copied.size());
            assertEquals(selected, copied);
        }
    }

    @Test
    void a_reader_that_stops_half_way_leaves_the_connection_usable() throws Exception {
        try (TestDatabase database = TestDatabase.create(DatabaseEngine.POSTGRESQL, folder);
             Connection connection = database.connect()) {
            create(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO awkward (id, small, flag, words, at) SELECT i, 1, true, repeat('w', 200), "
                        + "now() FROM generate_series(1, 200000) i");
            }
            long[] seen = {0};
            IllegalStateException stop = assertThrows(IllegalStateException.class, () -> new CopyRows(connection).read(
                    "awkward", COLUMNS, values -> {
                        if (++seen[0] == 10) {
                            throw new IllegalStateException("disk full");
                        }
                    }));
            assertEquals("disk full", stop.getMessage());
            try (Statement statement = connection.createStatement(); ResultSet count = statement.executeQuery(
                    "SELECT count(*) FROM awkward")) {
                count.next();
                assertEquals(200_000, count.getLong(1));
            }
            assertEquals(200_000, new CopyRows(connection).read("awkward", COLUMNS, values -> { }));
        }
    }

    private static void create(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE awkward (id bigint PRIMARY KEY, small integer, flag boolean, words text, "
                    + "at timestamp(6))");
        }
    }

    private static List<List<Object>> rows(RowSource source) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        source.read("awkward", COLUMNS, values -> rows.add(Arrays.asList(values.clone())));
        return rows;
    }
}
