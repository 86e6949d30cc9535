package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.systemdb.ConnectionFailure;
import dev.portico.systemdb.MigrationLock;
import dev.portico.systemdb.SchemaMigrator;
import dev.portico.systemdb.SystemDatabase;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
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

    JournaledLoad(SystemDatabase target, Path storage, Duration lockTimeout) {
        this.target = target;
        this.storage = storage;
        this.lockTimeout = lockTimeout;
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
                if (plan.targetSchemaBefore() < version) {
                    new SchemaMigrator(target).migrateTo(version);
                }
                try (Connection connection = target.connect()) {
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
                // a data file found damaged or edited while loading keeps its exit code (3)
                ErrorCode code = e instanceof PorticoException failure && failure.code() == ErrorCode.CHECKS_FAILED
                        ? ErrorCode.CHECKS_FAILED : ErrorCode.FAILED;
                throw new PorticoException(code, "The " + what + " failed and was rolled back" + outcome
                        + ": " + reason(e), e);
            }
        } finally {
            if (undone) {
                journal.remove(storage);
            }
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
