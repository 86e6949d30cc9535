package dev.portico.filter;

import dev.portico.config.DatabaseEngine;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The {@code canary} table the real-database filter tests select from, with rows chosen to tell operators apart. */
final class CanaryTable {
    static final FieldCatalog FIELDS = FieldCatalog.of(List.of(
            new Field("id", FieldKind.INTEGER), new Field("name", FieldKind.TEXT), new Field("qty", FieldKind.INTEGER),
            new Field("price", FieldKind.DECIMAL), new Field("active", FieldKind.BOOLEAN),
            new Field("created_at", FieldKind.TIMESTAMP), new Field("note", FieldKind.TEXT)));

    /** id, name, qty, price, active, created_at (UTC), note. */
    private static final Object[][] ROWS = {
        {1, "Ann", 30, "9.99", true, "2024-01-01T10:00:00", null},
        {2, "Bob", 45, "20.00", false, "2024-02-15T08:30:00.25", "vip"},
        {3, "100% pure", 10, "5.50", true, "2023-12-31T23:59:59", "has % sign"},
        {4, "snake_case", null, "0.00", false, null, "under_score"},
        {5, "snakeXcase", 7, "100.00", true, "2024-06-30T12:00:00", "x"},
        {6, "Zoë 日本", 21, "15.25", false, "2024-01-01T10:00:00.5", "ünïcödé"},
        {7, "wow!", 0, "-3.75", true, "2025-03-01T00:00:00", "O'Brien"},
        {8, "back\\slash", 99, "1.00", false, "2024-01-01T09:59:59.999999", null},
    };

    /** How Portico stores timestamps on SQLite (systemdb.UtcTimestamps). */
    private static final DateTimeFormatter SQLITE_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private CanaryTable() {
    }

    static void create(Connection connection, DatabaseEngine engine) throws SQLException {
        String ddl = switch (engine) {
            case SQLITE -> "CREATE TABLE canary (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER,"
                    + " price DECIMAL(10,2), active BOOLEAN NOT NULL, created_at TEXT, note TEXT)";
            case POSTGRESQL -> "CREATE TABLE canary (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INTEGER,"
                    + " price NUMERIC(10,2), active BOOLEAN NOT NULL, created_at TIMESTAMP(6), note VARCHAR(100))";
            // A binary collation, so = and LIKE compare text exactly as PostgreSQL does (no 'ë' = 'e').
            case MYSQL -> "CREATE TABLE canary (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT,"
                    + " price DECIMAL(10,2), active BOOLEAN NOT NULL, created_at DATETIME(6), note VARCHAR(100))"
                    + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
        };
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO canary VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : ROWS) {
                insert.setInt(1, (Integer) row[0]);
                insert.setString(2, (String) row[1]);
                setNullable(insert, 3, row[2], Types.INTEGER);
                insert.setBigDecimal(4, new BigDecimal((String) row[3]));
                insert.setBoolean(5, (Boolean) row[4]);
                Object created = row[5] == null ? null : LocalDateTime.parse((String) row[5]);
                setNullable(insert, 6, engine == DatabaseEngine.SQLITE && created != null ? SQLITE_TEXT.format((LocalDateTime) created)
                        : created, engine == DatabaseEngine.SQLITE ? Types.VARCHAR : Types.TIMESTAMP);
                setNullable(insert, 7, row[6], Types.VARCHAR);
                insert.executeUpdate();
            }
        }
    }

    /** The ids of the rows matching {@code condition}, in order. */
    static List<Integer> ids(Connection connection, SqlCondition condition) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM canary WHERE " + condition.sql() + " ORDER BY id")) {
            for (int index = 0; index < condition.parameters().size(); index++) {
                select.setObject(index + 1, condition.parameters().get(index));
            }
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getInt(1));
                }
            }
            return ids;
        }
    }

    /** Every stored row as text, to show that nothing changed. */
    static String contents(Connection connection) throws SQLException {
        StringBuilder contents = new StringBuilder();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM canary ORDER BY id")) {
            while (rows.next()) {
                for (int column = 1; column <= 7; column++) {
                    contents.append(rows.getString(column)).append('|');
                }
                contents.append('\n');
            }
        }
        return contents.toString();
    }

    static int rowCount() {
        return ROWS.length;
    }

    private static void setNullable(PreparedStatement insert, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            insert.setNull(index, sqlType);
        } else {
            insert.setObject(index, value);
        }
    }
}
