package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Moves each table's id counter past the highest id loaded, so the next row the instance creates
 * does not collide with a restored one. PostgreSQL and SQLite do it inside the load's transaction;
 * MySQL/MariaDB's {@code ALTER TABLE ... AUTO_INCREMENT} is DDL, so it runs after the commit.
 */
final class SequenceReset {
    private SequenceReset() {
    }

    /** Resets the counter of {@code table} to its highest id; returns the next id it will give. */
    static long reset(Connection connection, DatabaseEngine engine, String table) throws SQLException {
        String quoted = TargetTables.quote(engine, table);
        long max;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + quoted)) {
            rows.next();
            max = rows.getLong(1);
        }
        switch (engine) {
            case POSTGRESQL -> {
                String sequence;
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_get_serial_sequence(?, 'id')")) {
                    statement.setString(1, quoted); // also covers identity columns (PostgreSQL 10+)
                    try (ResultSet rows = statement.executeQuery()) {
                        sequence = rows.next() ? rows.getString(1) : null;
                    }
                }
                if (sequence != null) {
                    try (PreparedStatement statement = connection.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
                        statement.setString(1, sequence);
                        statement.setLong(2, Math.max(max, 1));
                        statement.setBoolean(3, max > 0);
                        statement.executeQuery().close();
                    }
                }
            }
            case SQLITE -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "UPDATE sqlite_sequence SET seq = ? WHERE name = ?")) {
                    statement.setLong(1, max);
                    statement.setString(2, table);
                    statement.executeUpdate();
                }
            }
            case MYSQL -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ALTER TABLE " + quoted + " AUTO_INCREMENT = " + (max + 1));
                }
            }
        }
        return max + 1;
    }
}
