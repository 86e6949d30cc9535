package dev.portico.upgrade;

import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.backup.Check;
import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.AppliedMigration;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.MigrationLockInspector;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SchemaMigrator;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checks of doctor that read the system database: reachable (and how fast), its size, the schema
 * (set up, not newer, no failed or pending migration) and Flyway's checksums. Reads only. Not thread-safe.
 */
final class DatabaseChecks {
    /** A lock holder's session idle this long, with nothing else running, has probably hung. */
    private static final long HUNG_SECONDS = 15 * 60;
    /** A query round trip slower than this is worth a warning: every API request makes several. */
    private static final long SLOW_MILLIS = 200;

    /** What connecting found: the row, and the database's size in bytes (-1 when it could not be read). */
    record Reach(Finding finding, boolean reachable, long sizeBytes) {
    }

    private final SystemDatabase database;
    private final BuildInfo build;

    DatabaseChecks(SystemDatabase database, BuildInfo build) {
        this.database = database;
        this.build = build;
    }

    boolean sqlite() {
        return database.engine() == DatabaseEngine.SQLITE;
    }

    Reach reach() {
        String action = database.engine() == DatabaseEngine.SQLITE
                ? "Run `portico setup` for a new instance, or `portico restore ARCHIVE`; or fix DB_DATABASE in .env."
                : "Start the database server, or fix DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME and DB_PASSWORD.";
        if (database.engine() == DatabaseEngine.SQLITE && !Files.isRegularFile(database.settings().sqliteFile())) {
            // opening a missing SQLite file would create an empty database: doctor writes nothing
            return new Reach(Finding.of(Check.failed("database", "the " + database.describe() + " does not exist",
                    action)), false, -1);
        }
        long started = System.nanoTime();
        try (Connection connection = database.connect()) {
            long connected = System.nanoTime();
            try (Statement statement = connection.createStatement(); ResultSet one = statement.executeQuery("SELECT 1")) {
                one.next();
            }
            long roundTrip = (System.nanoTime() - connected) / 1_000_000;
            var meta = connection.getMetaData();
            String detail = "the " + database.describe() + " answers (" + meta.getDatabaseProductName() + " "
                    + meta.getDatabaseProductVersion() + "): connected in " + (connected - started) / 1_000_000
                    + " ms, a query round trip " + roundTrip + " ms";
            Check check = roundTrip > SLOW_MILLIS ? Check.warn("database", detail + ", slower than " + SLOW_MILLIS
                    + " ms", "Every request makes several round trips: check the network to the database server and "
                    + "its load.") : Check.ok("database", detail);
            return new Reach(Finding.of(check), true, size(connection));
        } catch (PorticoException e) {
            return new Reach(Finding.of(Check.failed("database", e.getMessage(), action)), false, -1);
        } catch (SQLException e) {
            return new Reach(Finding.of(Check.failed("database", "the " + database.describe() + " does not answer a "
                    + "query (" + e.getMessage() + ")", action)), false, -1);
        }
    }

    private long size(Connection connection) throws SQLException {
        String sql = switch (database.engine()) {
            case SQLITE -> null;
            case POSTGRESQL -> "SELECT pg_database_size(current_database())";
            case MYSQL -> "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables "
                    + "WHERE table_schema = DATABASE()";
        };
        if (sql == null) {
            long bytes = 0;
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path file = Path.of(database.settings().sqliteFile() + suffix);
                try {
                    bytes += Files.exists(file) ? Files.size(file) : 0;
                } catch (IOException e) {
                    return -1;
                }
            }
            return bytes;
        }
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    SchemaState state() {
        try (Connection connection = database.connect()) {
            return SchemaInspector.inspect(connection, MigrationCatalog.forEngine(database.engine()));
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Lost the connection to the "
                    + database.describe(), e);
        }
    }

    /** Set up, not written by a newer Portico, no failed and no pending migration. */
    Finding migrations(SchemaState state) {
        if (!state.initialized()) {
            return Finding.of(Check.failed("migrations", "the " + database.describe() + " has no Portico schema",
                    "Run `portico setup` for a new instance, or `portico restore ARCHIVE`."));
        }
        if (newer(state)) {
            String versions = state.unknownApplied().stream().map(a -> String.valueOf(a.version()))
                    .collect(Collectors.joining(", "));
            return Finding.of(Check.failed("migrations", "migrated by a newer Portico ("
                    + (versions.isEmpty() ? "" : "schema version(s) " + versions + ", ")
                    + state.instance().map(i -> "last by Portico " + i.porticoVersion() + ", ").orElse("")
                    + "this is " + build.version() + " with schema " + state.latest() + ")",
                    "Run that Portico release or newer, or restore a backup made by this one."));
        }
        for (AppliedMigration failed : state.failed()) {
            return Finding.of(Check.failed("migrations", "migration " + failed.version() + " (" + failed.description()
                    + ") failed and is recorded as failed", "Restore a backup (`portico restore`); or repair the "
                    + "schema by hand, delete that row from flyway_schema_history, and run `portico migrate`."));
        }
        if (!state.pending().isEmpty()) {
            String which = state.pending().stream().map(m -> m.version() + " (" + m.description() + ")")
                    .collect(Collectors.joining(", "));
            return Finding.of(Check.failed("migrations", state.pending().size() + " pending migration(s): schema "
                    + state.current() + ", this Portico needs " + state.latest() + ": " + which + "; `serve` refuses "
                    + "to start", "Back up (`portico backup`), then run `portico migrate`."));
        }
        return Finding.of(Check.ok("migrations", "schema " + state.current() + ", up to date (" + state.applied().size()
                + " migrations applied, none pending)"));
    }

    boolean newer(SchemaState state) {
        return !state.unknownApplied().isEmpty() || state.instance().map(i -> BuildInfo.compareVersions(
                i.porticoVersion(), build.version()) > 0).orElse(false);
    }

    /**
     * The migration lock: free, held by a live holder (a warning: something is migrating now, or has
     * hung when its session has been idle for long), or, for SQLite only, stale: a holder record left
     * by a process that died holding the lock, which --fix clears.
     */
    Finding lock() {
        MigrationLockInspector.Finding lock = MigrationLockInspector.inspect(database);
        boolean server = database.engine() != DatabaseEngine.SQLITE;
        return switch (lock.state()) {
            case FREE -> Finding.of(Check.ok("migration lock", lock.holder() + (server
                    ? "; a server lock dies with the session that holds it, so it cannot go stale" : "")));
            case HELD -> Finding.of(Check.warn("migration lock", "held by " + lock.holder()
                    + (lock.idleSeconds() >= 0 ? ", idle for " + lock.idleSeconds() + " s" : ""),
                    lock.idleSeconds() >= HUNG_SECONDS ? "If no Portico migrate, restore or upgrade is running, that "
                    + "process has hung: stop it" + (server ? " (or end its session: "
                    + (database.engine() == DatabaseEngine.POSTGRESQL ? "SELECT pg_terminate_backend(PID)" : "KILL ID")
                    + "), which releases the lock. Doctor never ends a session." : ".")
                    : "A migration, restore or upgrade is running now: let it finish, then run doctor again."));
            case STALE -> Finding.repairable(Check.failed("migration lock", "the lock file "
                    + database.settings().sqliteFile() + ".lock names a process that is gone (" + lock.holder()
                    + "): it died holding the lock, so a migrate, restore or clone was interrupted",
                    "Run `portico migrate:status` to see the schema's state; `portico doctor --fix` clears the record."),
                    "clear the stale lock file", () -> MigrationLockInspector.clearStale(database)
                            .map(record -> "cleared the stale lock file (" + record + ")")
                            .orElse("the lock file is no longer stale; left as it is"));
        };
    }

    /** Flyway's validate: every applied migration's checksum, description and type match this build's script. */
    Finding checksums(SchemaState state) {
        List<String> changed = new SchemaMigrator(database).changedMigrations();
        if (changed.isEmpty()) {
            return Finding.of(Check.ok("migration checksums", state.applied().size() + " applied migrations match "
                    + "this build's scripts"));
        }
        return Finding.of(Check.failed("migration checksums", String.join("; ", changed), "Run the Portico release "
                + "that applied this schema, or restore a backup (`portico restore`). Never edit a migration or "
                + "flyway_schema_history by hand; doctor does not repair this."));
    }
}
