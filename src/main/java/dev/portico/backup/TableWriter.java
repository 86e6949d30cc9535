package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * How a load writes one table's rows into the target, inside the caller's transaction: every row with its
 * original id, columns that reference rows loaded later ({@code deferred}) as NULL, then those columns
 * filled in once every table is in. A self reference ({@code selfReferences}) to a lower id goes in at once:
 * rows load in id order, so that row is already there. Implementations are not thread-safe.
 */
interface TableWriter {
    /** Inserts every row of {@code table} from the source; returns how many. */
    long insert(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception;

    /** Sets the deferred columns of every row that has a value in one of them; returns the rows updated. */
    long fillDeferred(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception;

    /**
     * PostgreSQL loads with COPY, MySQL/MariaDB with LOAD DATA LOCAL when the server takes it, SQLite (and
     * a MySQL server that refuses LOCAL) with batched INSERTs.
     */
    static TableWriter of(Connection connection, DatabaseEngine engine, RowSource source) throws SQLException {
        return switch (engine) {
            case POSTGRESQL -> new CopyLoad(connection, source);
            case MYSQL -> InfileLoad.accepted(connection) ? new InfileLoad(connection, source)
                    : new TableLoad(connection, engine, source);
            case SQLITE -> new TableLoad(connection, engine, source);
        };
    }

    /** Whether a deferred value must wait for the second pass (it does not point at a row inserted before). */
    static boolean waits(boolean selfReference, Object value, Object id) {
        return !(selfReference && value != null && id != null && (Long) value < (Long) id);
    }
}
