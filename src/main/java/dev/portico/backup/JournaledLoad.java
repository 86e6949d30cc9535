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
 * whole of it, so a process killed half-way is undone by the next command. Not thread-safe.
 */
final class JournaledLoad {
    /** The plan that was carried out and the rows loaded. */
    record Loaded(RestorePlan plan, long rows) {
    }

    private final SystemDatabase target;
    private final Path storage;
    private final Duration lockTimeout;
    private final boolean replaceSchema;

    JournaledLoad(SystemDatabase target, Path storage, Duration lockTimeout) {
        this(target, storage, lockTimeout, false);
    }

    /**
     * {@code replaceSchema}: the target's schema is emptied and built again at the source's version in the load's
     * own transaction, so a failure or a kill leaves the old schema and its rows (PostgreSQL, SQLite only).
     */
    JournaledLoad(SystemDatabase target, Path storage, Duration lockTimeout, boolean replaceSchema) {
        if (replaceSchema && target.engine() == DatabaseEngine.MYSQL) {
            throw new IllegalArgumentException("MySQL/MariaDB commit DDL at once: a schema cannot be replaced atomically");
        }
        this.target = target;
        this.storage = storage;
        this.lockTimeout = lockTimeout;
        this.replaceSchema = replaceSchema;
    }

    /**
     * Runs the load; {@code what} names it in messages ("restore of FILE"), {@code cloneTo} is a clone's
     * target as typed (null for a restore), {@code check} the target checks to repeat under the lock.
     */
    Loaded run(String what, String cloneTo, Supplier<RestorePlan> check, Function<RestorePlan, String> header,
               RowSource source, Consumer<String> progress) {
        RestoreJournal journal = RestoreJournal.start(target.settings(), cloneTo);
        journal.write(storage);
        boolean undone = true;
        try (MigrationLock lock = MigrationLock.acquire(target, lockTimeout)) {
            // the target again, now that no other process can change its schema
            RestorePlan plan = check.get();
            journal = journal.withTablesBefore(List.copyOf(tables()));
            journal.write(storage);
            progress.accept(header.apply(plan));
            try {
                int version = plan.manifest().schemaVersion();
                if (!replaceSchema && plan.targetSchemaBefore() < version) {
                    new SchemaMigrator(target).migrateTo(version);
                }
                try (Connection connection = target.connect()) {
                    if (replaceSchema) {
                        replaceSchema(connection, version, progress);
                    }
                    return new Loaded(plan, new RestoreLoad(connection, target.engine(), source, progress).load(plan));
                }
            } catch (Exception e) {
                String outcome;
                try {
                    outcome = "; " + RestoreUndo.undo(target, journal).describe();
                } catch (Exception undoFailed) {
                    undone = false;
                    outcome = ", but what it created could not be removed (" + reason(undoFailed) + "); the next "
                            + "`portico restore`, `clone`, `migrate` or `serve` here tries again";
                }
                // a data file found damaged or edited while loading keeps its exit code (3), a refusal its 4
                ErrorCode code = e instanceof PorticoException failure && (failure.code() == ErrorCode.CHECKS_FAILED
                        || failure.code() == ErrorCode.REFUSED) ? failure.code() : ErrorCode.FAILED;
                throw new PorticoException(code, "The " + what + " failed and was rolled back" + outcome
                        + ": " + reason(e), e);
            }
        } finally {
            if (undone) {
                journal.remove(storage);
            }
        }
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
            SchemaMigrator.Emptied dropped = migrator.dropAll(connection);
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
