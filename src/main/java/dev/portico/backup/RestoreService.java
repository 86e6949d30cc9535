package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores an archive onto the system database, whatever its engine: checks first ({@link RestoreChecks}),
 * brings the target to the archive's schema, loads every table in one transaction ({@link JournaledLoad}),
 * checking each data file's SHA-256 and row count as it reads it ({@link ArchiveRows}), then migrates forward.
 * A failure, or a killed process, leaves the target as it was (a rollback's schema replaced on MySQL/MariaDB
 * aside: see {@link #replace}). Not thread-safe: one restore at a time.
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
    private final Path storage;

    public RestoreService(SystemDatabase database, RestoreChecks checks, Lifecycle lifecycle, Duration lockTimeout,
                          Path storage) {
        this.database = database;
        this.checks = checks;
        this.lifecycle = lifecycle;
        this.lockTimeout = lockTimeout;
        this.storage = storage;
    }

    /** Runs every check and says what a restore would do; writes nothing. */
    public RestorePlan plan(Path file, boolean force) {
        return checks.check(file, force);
    }

    public RestoreResult restore(Path file, boolean force, Consumer<String> progress) {
        return restore(file, force, true, progress);
    }

    /**
     * As above; {@code migrateForward} false keeps an older archive at its own schema (a rollback to the
     * release that wrote it), where a restore otherwise migrates it forward to this build's schema.
     */
    public RestoreResult restore(Path file, boolean force, boolean migrateForward, Consumer<String> progress) {
        return restore(file, force, migrateForward, null, progress);
    }

    /**
     * Puts the archive in place of whatever schema the target has, at the archive's own schema version, for the
     * rollback to {@code point} (an upgrade moved the schema on): the schema is emptied ({@link
     * dev.portico.systemdb.SchemaMigrator#dropAll}), built again at that version and loaded. On PostgreSQL and
     * SQLite in ONE transaction, so a failure, or a killed process, leaves the target exactly as it was. On
     * MySQL/MariaDB each drop commits at once: the journal is marked with the point before the first drop and
     * stays, after a failure or a kill, until a rollback's load commits; serve, setup, migrate, restore, clone and upgrade refuse the
     * database meanwhile ({@link InterruptedRestores}).
     */
    public RestoreResult replace(Path file, String point, Consumer<String> progress) {
        return restore(file, true, false, point, progress);
    }

    /**
     * Whether a rollback left this database unfinished: its journal on MySQL/MariaDB, marked before the schema
     * was dropped, is still in storage (its load never committed), whichever process wrote it. Reads storage only.
     */
    public boolean rollbackUnfinished() {
        try {
            return !InterruptedRollbacks.find(storage, database.describe()).isEmpty();
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot look for the journals of interrupted rollbacks in "
                    + storage + " (" + e.getMessage() + "); nothing was changed.", e);
        }
    }

    /** What the database holds, for messages: "has no tables", "has 17 tables at schema 2, all empty", … */
    public String describeContents() {
        return InterruptedRollbacks.contents(database);
    }

    private RestoreResult restore(Path file, boolean force, boolean migrateForward, String rollbackPoint,
                                  Consumer<String> progress) {
        long started = System.nanoTime();
        boolean replaceSchema = rollbackPoint != null;
        RestorePlan checked = replaceSchema ? checks.checkReplace(file, new ArchiveVerifier().verifyEntries(file)
                .manifest()) : checks.checkForLoad(file, force);
        RestoreJournal.Rollback replacing = replaceSchema ? new RestoreJournal.Rollback(rollbackPoint,
                file.toString(), checked.manifest().schemaVersion()) : null;
        JournaledLoad.Loaded loaded;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            loaded = new JournaledLoad(database, storage, lockTimeout, replacing).run("restore of " + file, null,
                    () -> replaceSchema ? checks.checkReplace(file, checked.manifest())
                            : checks.checkTarget(file, checked.manifest(), force),
                    plan -> "Restoring " + plan.manifest().tables().size() + " tables (" + plan.manifest().totalRows()
                            + " rows, schema " + plan.manifest().schemaVersion() + ", from "
                            + plan.manifest().sourceEngine() + ") onto the " + plan.target()
                            + (replaceSchema ? " in place of its schema " + plan.targetSchemaBefore() + " and its "
                            + plan.targetRowsBefore() + " rows" + (database.engine() == DatabaseEngine.MYSQL
                            ? ", the schema dropped first" : ", in one transaction")
                            : plan.replacesData() ? ", replacing its " + plan.targetRowsBefore() + " rows" : ""),
                    new ArchiveRows(zip, file, checked.manifest()), progress);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot read " + file + " (" + e.getMessage()
                    + "); nothing was written.", e);
        }
        RestorePlan plan = loaded.plan();
        if (migrateForward && plan.migratesForward()) {
            progress.accept("Migrating the restored schema " + plan.manifest().schemaVersion() + " forward to "
                    + plan.latestSchema());
            lifecycle.migrate(false);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("restore of {} onto {} ({}): {} tables, {} rows, schema {}, in {} ms", file, plan.target(),
                plan.targetEngine(), plan.manifest().tables().size(), loaded.rows(), plan.manifest().schemaVersion(),
                millis);
        return new RestoreResult(plan, plan.manifest().tables().size(), loaded.rows(), millis);
    }
}
