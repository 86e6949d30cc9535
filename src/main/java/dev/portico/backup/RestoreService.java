package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.systemdb.ConnectionFailure;
import dev.portico.systemdb.MigrationLock;
import dev.portico.systemdb.SchemaMigrator;
import dev.portico.systemdb.SystemDatabase;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores an archive onto the system database, whatever its engine: checks first ({@link RestoreChecks}),
 * brings the target to the archive's schema, loads every table in one transaction ({@link RestoreLoad}),
 * then migrates forward. A failure leaves the target as it was. Not thread-safe: one restore at a time.
 */
public final class RestoreService {
    private static final Logger LOG = LoggerFactory.getLogger("portico.backup");

    /** What was restored, and how long it took. */
    public record RestoreResult(RestorePlan plan, int tables, long rows, long millis) {
    }

    private final SystemDatabase database;
    private final RestoreChecks checks;
    private final Lifecycle lifecycle;
    private final Duration lockTimeout;

    public RestoreService(SystemDatabase database, RestoreChecks checks, Lifecycle lifecycle, Duration lockTimeout) {
        this.database = database;
        this.checks = checks;
        this.lifecycle = lifecycle;
        this.lockTimeout = lockTimeout;
    }

    /** Runs every check and says what a restore would do; writes nothing. */
    public RestorePlan plan(Path file, boolean force) {
        return checks.check(file, force);
    }

    public RestoreResult restore(Path file, boolean force, Consumer<String> progress) {
        long started = System.nanoTime();
        RestorePlan checked = checks.check(file, force);
        DatabaseEngine engine = database.engine();
        RestorePlan plan;
        long rows;
        try (MigrationLock lock = MigrationLock.acquire(database, lockTimeout)) {
            // the target again, now that no other process can change the schema (the archive is verified)
            plan = checks.checkTarget(file, checked.manifest(), force);
            Set<String> before = tables();
            int version = plan.manifest().schemaVersion();
            progress.accept("Restoring " + plan.manifest().tables().size() + " tables (" + plan.manifest().totalRows()
                    + " rows, schema " + version + ", from " + plan.manifest().sourceEngine() + ") onto the " + plan.target()
                    + (plan.replacesData() ? ", replacing its " + plan.targetRowsBefore() + " rows" : ""));
            try {
                if (plan.targetSchemaBefore() < version) {
                    new SchemaMigrator(database).migrateTo(version);
                }
                try (ZipFile zip = new ZipFile(file.toFile()); Connection connection = database.connect()) {
                    rows = new RestoreLoad(connection, engine, zip, progress).load(plan);
                }
            } catch (Exception e) {
                String undone = undoSchema(before, plan);
                throw new PorticoException(ErrorCode.FAILED, "The restore of " + file + " failed and was rolled back"
                        + undone + ": " + reason(e), e);
            }
        }
        if (plan.migratesForward()) {
            progress.accept("Migrating the restored schema " + plan.manifest().schemaVersion() + " forward to "
                    + plan.latestSchema());
            lifecycle.migrate(false);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("restore of {} onto {} ({}): {} tables, {} rows, schema {}, in {} ms", file, plan.target(),
                plan.targetEngine(), plan.manifest().tables().size(), rows, plan.manifest().schemaVersion(), millis);
        return new RestoreResult(plan, plan.manifest().tables().size(), rows, millis);
    }

    /** After a failed load onto a target that had no Portico tables: drops the tables this restore created. */
    private String undoSchema(Set<String> before, RestorePlan plan) {
        Set<String> created = new TreeSet<>(tables());
        created.removeAll(before);
        if (created.isEmpty() || plan.targetSchemaBefore() > 0) {
            return "; the target is as it was";
        }
        try (Connection connection = database.connect()) {
            TargetTables.drop(connection, database.engine(), created);
            return "; the " + created.size() + " tables it created were dropped, so the target is empty again";
        } catch (SQLException e) {
            return ", but the tables it created could not be dropped (" + e.getMessage() + "): run "
                    + "`portico migrate:reset --force` before trying again";
        }
    }

    private Set<String> tables() {
        try (Connection connection = database.connect()) {
            return TargetTables.list(connection, database.engine());
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot list the tables of the " + database.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    private String reason(Exception e) {
        String message = e.getMessage();
        if (e instanceof BatchUpdateException batch && batch.getNextException() != null) {
            message = batch.getNextException().getMessage(); // PostgreSQL puts the cause there
        }
        return ConnectionFailure.scrub(database.settings(), String.valueOf(message));
    }
}
