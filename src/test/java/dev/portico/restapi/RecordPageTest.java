package dev.portico.restapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.services.Column;
import dev.portico.services.ColumnType;
import dev.portico.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A page without related records is written row by row, straight from the result set; it must be
 * the same bytes as the same rows made into record maps first (the path pages with related
 * records take), for every kind of value the engines return.
 */
class RecordPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(value = DatabaseEngine.class, names = {"SQLITE", "POSTGRESQL"})
    void rowsWrittenDirectlyAreTheBytesOfRecordMaps(DatabaseEngine engine, @TempDir Path folder)
            throws SQLException, IOException {
        boolean postgres = engine == DatabaseEngine.POSTGRESQL;
        try (TestDatabase database = TestDatabase.create(engine, folder)) {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kinds (id INTEGER PRIMARY KEY, big BIGINT, price NUMERIC(10,3), "
                        + "ratio " + (postgres ? "DOUBLE PRECISION" : "REAL") + ", flag BOOLEAN, label TEXT, "
                        + "doc " + (postgres ? "JSONB" : "JSON") + ", raw " + (postgres ? "BYTEA" : "BLOB")
                        + ", seen TIMESTAMP)");
                statement.execute("INSERT INTO kinds VALUES (1, 9007199254740993, 12.500, 0.1, TRUE, "
                        + "'quote \" slash \\ tab \t é 😀', '{\"a\": [1, 2]}', " + (postgres ? "'\\x00ff10'" : "X'00FF10'")
                        + ", '2026-11-28 03:57:13.25'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                        + "(3, -1, -0.001, 1e300, FALSE, '', '[]', " + (postgres ? "''" : "X''") + ", '1999-01-01 00:00:00')");
            }
            List<Column> read = List.of(column("id", Types.INTEGER, ColumnType.INTEGER),
                    column("big", Types.BIGINT, ColumnType.INTEGER), column("price", Types.NUMERIC, ColumnType.DECIMAL),
                    column("ratio", Types.DOUBLE, ColumnType.DECIMAL), column("flag", Types.BOOLEAN, ColumnType.BOOLEAN),
                    column("label", Types.VARCHAR, ColumnType.TEXT), column("doc", Types.OTHER, ColumnType.JSON),
                    column("raw", Types.BINARY, ColumnType.BINARY), column("seen", Types.TIMESTAMP, ColumnType.DATETIME));
            String direct = written(database, read, RecordPage.NOTHING);
            String maps = written(database, read, chunk -> { });
            assertEquals(maps, direct);
            assertTrue(direct.contains("\"big\":9007199254740993") && direct.contains("\"flag\":true")
                    && direct.contains("\"raw\":\"AP8Q\"") && direct.contains("\"label\":null"), direct);
        }
    }

    private static String written(TestDatabase database, List<Column> read, RecordPage.Completion completion)
            throws SQLException, IOException {
        Connection connection = database.connect();
        Statement statement = connection.createStatement();
        RecordPage page = new RecordPage(List.of(connection), statement.executeQuery(
                "SELECT id, big, price, ratio, flag, label, doc, raw, seen FROM kinds ORDER BY id"), read, completion,
                OptionalLong.of(3), e -> new PorticoException(dev.portico.ErrorCode.FAILED, e.getMessage()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (page; JsonGenerator json = JSON.createGenerator(out)) {
            page.write(json);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Column column(String name, int jdbcType, ColumnType type) {
        return new Column(name, type.name().toLowerCase(java.util.Locale.ROOT), jdbcType, type, null, null, true, null,
                false);
    }
}
