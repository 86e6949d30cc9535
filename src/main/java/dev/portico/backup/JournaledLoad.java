package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.ConnectionFailure;
import dev.portico.systemdb.MigrationLock;
import dev.portico.systemdb.SchemaMigrator;
import dev.portico.systemdb.SystemDatabase;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The writing half shared by restore and clone: under the target's migration lock, checks the target
 * again, brings it to the source's schema, loads every table in one transaction ({@link RestoreLoad}),
 * and on failure undoes what it created. A {@link RestoreJournal} in the instance's storage covers the
 * whole of it, so a process killed half-way is undone by the next command. A rollback that replaces a
 * MySQL/MariaDB schema cannot be undone (each drop commits): its journal stays instead until a rollback's
 * load commits, and serve, setup, migrate, restore, clone and upgrade refuse the database meanwhile
 * ({@link InterruptedRollbacks}).
 * Not thread-safe.
 */
final class JournaledLoad {
    /** The plan that was carried out and the rows loaded. */
    record Loaded(RestorePlan plan, long rows) {
    }

    private final SystemDatabase target;
    private final Path storage;
    private final Duration lockTimeout;
    private final RestoreJournal.Rollback replacing;

    JournaledLoad(SystemDatabase target, Path storage, Duration lockTimeout) {
        this(target, storage, lockTimeout, null);
    }

    /**
     * {@code replacing} (null: the target's schema is kept): the target's schema is emptied and built again at the
     * source's version for that rollback. On PostgreSQL and SQLite in the load's own transaction, so a failure or a
     * kill leaves the old schema and its rows. On MySQL/MariaDB each drop commits at once: the journal is marked with
     * the rollback before the first drop and kept, after a failure or a kill, until a rollback's load commits.
     */
    JournaledLoad(SystemDatabase target, Path storage, Duration lockTimeout, RestoreJournal.Rollback replacing) {
        this.target = target;
        this.storage = storage;
        this.lockTimeout = lockTimeout;
        this.replacing = replacing;
    }

    /**
     * Runs the load; {@code what} names it in messages ("restore of FILE"), {@code cloneTo} is a clone's
     * target as typed (null for a restore), {@code check} the target checks to repeat under the lock.
     */
    Loaded run(String what, String cloneTo, Supplier<RestorePlan> check, Function<RestorePlan, String> header,
               RowSource source, Consumer<String> progress) {
        RestoreJournal journal = RestoreJournal.start(target.settings(), cloneTo);
        journal.write(storage);
        boolean dropsFirst = replacing != null && target.engine() == DatabaseEngine.MYSQL;
        boolean removeJournal = true;
        try (MigrationLock lock = MigrationLock.acquire(target, lockTimeout)) {
            // the target again, now that no other process can change its schema
            RestorePlan plan = check.get();
            journal = journal.withTablesBefore(List.copyOf(tables()));
            if (dropsFirst) {
                journal = journal.withRollback(replacing);
            }
            journal.write(storage);
            progress.accept(header.apply(plan));
            try {
                int version = plan.manifest().schemaVersion();
                RestorePlan load = plan;
                if (dropsFirst) {
                    journal.supersede(storage);
                    removeJournal = false; // from the first drop until the load commits
                    dropThenMigrate(version, progress);
                    load = plan.ontoEmptiedSchema();
                } else if (replacing == null && plan.targetSchemaBefore() < version) {
                    new SchemaMigrator(target).migrateTo(version);
                }
                try (Connection connection = target.connect()) {
                    if (replacing != null && !dropsFirst) {
                        replaceSchema(connection, version, progress);
                    }
                    long rows = new RestoreLoad(connection, target.engine(), source, progress).load(load);
                    removeJournal = true;
                    return new Loaded(plan, rows);
                }
            } catch (Exception e) {
                // a data file found damaged or edited while loading keeps its exit code (3), a refusal its 4
                ErrorCode code = e instanceof PorticoException failure && (failure.code() == ErrorCode.CHECKS_FAILED
                        || failure.code() == ErrorCode.REFUSED) ? failure.code() : ErrorCode.FAILED;
                if (!removeJournal) {
                    throw new PorticoException(code, "The " + what + " failed after the schema was dropped (MySQL/"
                            + "MariaDB commit each drop at once), so its journal " + RestoreJournal.file(storage,
                            journal.pid()) + " is kept: " + reason(e), e);
                }
                String outcome;
                try {
                    outcome = "; " + RestoreUndo.undo(target, journal).describe();
                } catch (Exception undoFailed) {
                    removeJournal = false;
                    outcome = ", but what it created could not be removed (" + reason(undoFailed) + "); the next "
                            + "`portico restore`, `clone`, `migrate` or `serve` here tries again";
                }
                throw new PorticoException(code, "The " + what + " failed and was rolled back" + outcome
                        + ": " + reason(e), e);
            }
        } finally {
            if (removeJournal) {
                journal.remove(storage);
            }
        }
    }

    /** MySQL/MariaDB: empties the schema, each drop committing as it runs, then migrates it to {@code version}. */
    private void dropThenMigrate(int version, Consumer<String> progress) throws SQLException {
        SchemaMigrator migrator = new SchemaMigrator(target);
        try (Connection connection = target.connect()) {
            SchemaMigrator.Emptied dropped = migrator.dropAll(connection, null);
            progress.accept("  dropped " + dropped.describe() + " (each drop commits at once on MySQL/MariaDB)");
        }
        migrator.migrateTo(version);
        progress.accept("  schema " + version + " built again");
    }

    /**
     * Opens the load's transaction on {@code connection} and, in it, empties the schema and migrates it to
     * {@code version}; {@link RestoreLoad} then loads in the same transaction and commits it, or rolls it all back.
     */
    private void replaceSchema(Connection connection, int version, Consumer<String> progress) throws SQLException {
        if (target.engine() == DatabaseEngine.SQLITE) {
            // only outside a transaction can they be turned off; the load proves every reference before its commit
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA foreign_keys = OFF");
            }
        }
        connection.setAutoCommit(false);
        try {
            SchemaMigrator migrator = new SchemaMigrator(target);
            SchemaMigrator.Emptied dropped = migrator.dropAll(connection, null);
            progress.accept("  dropped " + dropped.describe() + " (in the load's transaction)");
            migrator.migrateTo(version, connection);
            progress.accept("  schema " + version + " built again (in the load's transaction)");
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException lost) {
                e.addSuppressed(lost); // the connection is gone: the server rolls the transaction back itself
            }
            throw e;
        }
    }

    private Set<String> tables() {
        try (Connection connection = target.connect()) {
            return TargetTables.list(connection, target.engine());
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot list the tables of the " + target.describe()
                    + ": " + reason(e), e);
        }
    }

    private String reason(Exception e) {
        String message = e.getMessage();
        if (e instanceof BatchUpdateException batch && batch.getNextException() != null) {
            message = batch.getNextException().getMessage(); // PostgreSQL puts the cause there
        }
        return ConnectionFailure.scrub(target.settings(), String.valueOf(message));
    }
}
