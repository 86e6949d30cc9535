package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maintenance mode as seen from inside a write: the instance row's maintenance columns (schema 2), read
 * in the writing transaction itself, so that no API write of the system database lands after the
 * instance was taken down. Stateless.
 */
public final class WriteFence {
    private WriteFence() {
    }

    /**
     * The write fence: the first statement of every transaction that writes the system database on
     * behalf of an API request. Reads the maintenance state inside that transaction, holding a shared
     * lock on the instance row (PostgreSQL {@code FOR SHARE}, MySQL/MariaDB {@code LOCK IN SHARE MODE};
     * on SQLite the write lock itself, by a no-op update), so taking the instance down
     * ({@code MaintenanceMode.down}) waits for the writes already fenced and every later one sees it. True when the writes must not happen: the instance is down
     * and no bypass secret is set (as while {@code portico upgrade} runs, whose verification would
     * otherwise see a write that landed after its backup, and whose rollback would undo it).
     */
    public static boolean fenced(SqlHandle handle, DatabaseEngine engine) throws SQLException {
        String lock = switch (engine) {
            case POSTGRESQL -> " FOR SHARE";
            case MYSQL -> " LOCK IN SHARE MODE";
            case SQLITE -> "";
        };
        if (engine == DatabaseEngine.SQLITE) {
            handle.update("UPDATE instance SET id = id WHERE id = 1");
        }
        try (PreparedStatement statement = handle.connection().prepareStatement("SELECT maintenance_started_at, "
                + "maintenance_secret_hash FROM instance WHERE id = 1" + lock);
             ResultSet rows = statement.executeQuery()) {
            return rows.next() && rows.getObject(1) != null && rows.getString(2) == null;
        }
    }

    /** {@link #fenced}, refusing the write with a 503 that says why. */
    public static void requireWritable(SqlHandle handle, DatabaseEngine engine) throws SQLException {
        if (fenced(handle, engine)) {
            throw new Refused();
        }
    }

    /** A write refused by the fence: a 503 whose message any client may read. */
    public static final class Refused extends PorticoException {
        private static final String MESSAGE = "Portico is down for maintenance; nothing was changed. Please try again "
                + "later.";

        Refused() {
            super(ErrorCode.UNAVAILABLE, MESSAGE);
        }

        @Override
        public String publicMessage() {
            return MESSAGE;
        }
    }

}
