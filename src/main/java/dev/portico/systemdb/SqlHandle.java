package dev.portico.systemdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection with the few statement shapes Portico uses, every value bound as a parameter and
 * instants stored as {@link UtcTimestamps} says. Plain JDBC on purpose: a mapping library added
 * half a second to every start. Not thread-safe: one per unit of work.
 */
public final class SqlHandle {
    private final Connection connection;
    private final UtcTimestamps timestamps;

    SqlHandle(Connection connection, UtcTimestamps timestamps) {
        this.connection = connection;
        this.timestamps = timestamps;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows changed. */
    public int update(String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(sql, false, values)) {
            return statement.executeUpdate();
        }
    }

    /** Runs an INSERT and returns the id the database generated. */
    public long insert(String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(sql, true, values)) {
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no generated id for: " + sql);
                }
                return keys.getLong(1);
            }
        }
    }

    /** The first column of the first row as a number (COUNT and friends). */
    public long number(String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(sql, false, values); ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** Every row as column label → value, labels in lower case. */
    public List<Map<String, Object>> rows(String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(sql, false, values); ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData meta = rows.getMetaData();
            String[] labels = new String[meta.getColumnCount()];
            for (int column = 1; column <= labels.length; column++) {
                labels[column - 1] = meta.getColumnLabel(column).toLowerCase(java.util.Locale.ROOT);
            }
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= labels.length; column++) {
                    row.put(labels[column - 1], rows.getObject(column));
                }
                result.add(row);
            }
            return result;
        }
    }

    public Optional<Map<String, Object>> row(String sql, Object... values) throws SQLException {
        List<Map<String, Object>> rows = rows(sql, values);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** A boolean column as read back: a Boolean on PostgreSQL, 0 or 1 on SQLite and MySQL. */
    public static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }

    private PreparedStatement prepare(String sql, boolean generatedKeys, Object... values) throws SQLException {
        PreparedStatement statement = generatedKeys
                ? connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : connection.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                if (value instanceof Instant instant) {
                    timestamps.bind(statement, i + 1, instant);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
