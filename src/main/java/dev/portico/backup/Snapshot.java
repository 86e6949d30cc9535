package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One connection inside one read-only transaction that sees the whole system database as of one
 * moment, whatever is written meanwhile: SQLite's read transaction (WAL), PostgreSQL's REPEATABLE READ
 * READ ONLY, InnoDB's consistent snapshot. Closing it ends the transaction. Not thread-safe.
 */
final class Snapshot implements AutoCloseable {
    private final Connection connection;

    private Snapshot(Connection connection) {
        this.connection = connection;
    }

    static Snapshot begin(Connection connection, DatabaseEngine engine) throws SQLException {
        try {
            switch (engine) {
                case SQLITE -> {
                    // the driver sends BEGIN; SQLite takes the read snapshot at the first SELECT
                    connection.setAutoCommit(false);
                }
                case POSTGRESQL -> {
                    // autocommit off also lets setFetchSize stream through a cursor
                    connection.setAutoCommit(false);
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    connection.setReadOnly(true);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT 1"); // takes the snapshot now
                    }
                }
                case MYSQL -> {
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    connection.setAutoCommit(false);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                    }
                }
            }
            return new Snapshot(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback(); // nothing was written; ending the transaction releases the snapshot
        } finally {
            connection.close();
        }
    }
}
