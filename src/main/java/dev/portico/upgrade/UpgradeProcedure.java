package dev.portico.upgrade;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.backup.ArchiveVerifier;
import dev.portico.backup.BackupService;
import dev.portico.backup.Check;
import dev.portico.backup.Verification;
import dev.portico.backup.Verifier;
import dev.portico.cache.CacheStore;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.lifecycle.MaintenanceMode;
import dev.portico.lifecycle.MigrationReport;
import dev.portico.systemdb.SchemaMigrator;
import dev.portico.systemdb.SystemDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code portico upgrade}, run by the new binary once {@link UpgradeGate} passed: maintenance mode on →
 * a verified backup recorded as a rollback point → the migrations under the lock, the migrated data
 * verified against the backup and the seed, still under the lock → caches cleared → maintenance mode
 * off. If any step fails the rollback point is restored ({@link RollbackRestore}) and the failure is
 * rethrown saying which step failed and in what state the instance is. One run per object; not
 * thread-safe.
 */
public final class UpgradeProcedure {
    private static final Logger LOG = LoggerFactory.getLogger("portico.upgrade");
    /** The Retry-After clients are told while an upgrade holds the instance down. */
    static final int RETRY_SECONDS = 60;

    /** The steps, in order, as the operator reads them. */
    public enum Step {
        CHECK("check"),
        MAINTENANCE_ON("maintenance mode on"),
        BACKUP("verified backup (the rollback point)"),
        MIGRATE("migrations under the lock"),
        VERIFY("verify --against the backup"),
        SEED("seed"),
        CACHES("caches cleared"),
        MAINTENANCE_OFF("maintenance mode off");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** "step 4 of 8 (migrations under the lock)". */
        public String describe() {
            return "step " + (ordinal() + 1) + " of " + values().length + " (" + label + ")";
        }
    }

    /**
     * What a finished upgrade did: the point it recorded, the migration report, the migrations' own time,
     * the verification, and when maintenance mode went on and off (null when it did not: schema 1 has no
     * maintenance mode, and an instance that was already down stays down).
     */
    public record Outcome(RollbackPoint point, MigrationReport report, long migrationMillis, Verification verification,
                          Instant downAt, Instant upAt, long cacheEntriesCleared) {
        public Optional<Duration> downtime() {
            return downAt == null || upAt == null ? Optional.empty() : Optional.of(Duration.between(downAt, upAt));
        }
    }

    private final SystemDatabase database;
    private final Lifecycle lifecycle;
    private final BackupService backups;
    private final RollbackPoints points;
    private final Verifier verifier;
    private final CacheStore cache;
    private final RollbackRestore restorer;
    private final Path envFile;
    private final String toVersion;
    private final Clock clock;
    private Step step = Step.CHECK;
    private long stepStarted;
    private long migrationStarted;
    private long migrationMillis;
    private Verification verification;

    public UpgradeProcedure(SystemDatabase database, Lifecycle lifecycle, BackupService backups, RollbackPoints points,
                            Verifier verifier, CacheStore cache, RollbackRestore restorer, Path envFile, String toVersion,
                            Clock clock) {
        this.database = database;
        this.lifecycle = lifecycle;
        this.backups = backups;
        this.points = points;
        this.verifier = verifier;
        this.cache = cache;
        this.restorer = restorer;
        this.envFile = envFile;
        this.toVersion = toVersion;
        this.clock = clock;
    }

    /** What {@link #run} would do, one line per step; writes nothing. */
    public List<String> plan(UpgradeGate.Readiness readiness) {
        boolean maintenance = readiness.hasMaintenance();
        String pending = readiness.pending().stream().map(m -> "V" + m.version() + " " + m.description())
                .collect(Collectors.joining(", "));
        return List.of(
                line(Step.CHECK, "passed: database reachable, APP_KEY matches, schema " + readiness.state().current()
                        + " not newer than this Portico's " + readiness.state().latest() + ", no failed migration"),
                line(Step.MAINTENANCE_ON, "every table read once as the backup reads it, while the API still serves; "
                        + "then " + (maintenance ? "the API answers 503 with Retry-After: " + RETRY_SECONDS
                        + " on every node; health checks and admin login keep working" : readiness.skippedMaintenance())),
                line(Step.BACKUP, "an archive and a copy of .env in " + backups.backupsFolder() + ", each table "
                        + "hashed as it is written, the archive checked as written and synced to disk, recorded as a "
                        + "rollback point"),
                line(Step.MIGRATE, pending),
                line(Step.VERIFY, "every table's row count and SHA-256 compared with the backup's on its columns "
                        + "(row by row where they differ)"),
                line(Step.SEED, "default rows that are missing are added"),
                line(Step.CACHES, "the " + cache.describe() + " is emptied"),
                line(Step.MAINTENANCE_OFF, maintenance ? "the API serves again" : "nothing to do"));
    }

    /** Runs every step; on a failure restores the rollback point (when one was recorded) and rethrows. */
    public Outcome run(UpgradeGate.Readiness readiness, Consumer<String> progress) {
        boolean maintenance = readiness.hasMaintenance();
        MaintenanceMode mode = new MaintenanceMode(database);
        boolean wasDown = maintenance && mode.read().down();
        RollbackPoint point = null;
        Instant downAt = null;
        try {
            step(Step.MAINTENANCE_ON, progress);
            readThrough(progress);
            if (!maintenance) {
                progress.accept("  skipped: " + readiness.skippedMaintenance());
            } else if (wasDown) {
                progress.accept("  already down since " + mode.read().since().orElseThrow() + "; it stays down after "
                        + "the upgrade: `portico up` ends it");
            } else {
                downAt = clock.instant();
                mode.down(Optional.empty(), RETRY_SECONDS, downAt);
                progress.accept("  maintenance mode on at " + downAt);
            }
            step(Step.BACKUP, progress);
            long backupStarted = System.nanoTime();
            // hashed as written, its central directory and manifest read back, synced: not read again
            BackupService.BackupResult backup = backups.backup(Optional.empty(),
                    new BackupService.Options(false, false, null), line -> progress.accept("  " + line));
            progress.accept(String.format("  written, checked as written and synced to disk in %d ms (%,d bytes, "
                    + "SHA-256 %s)", (System.nanoTime() - backupStarted) / 1_000_000, backup.bytes(), backup.sha256()));
            point = points.record(backup.file(), backup.sha256(), clock.instant(), readiness.fromVersion(),
                    readiness.state().current(), toVersion, readiness.state().latest(), envFile, wasDown);
            progress.accept("  verified; rollback point " + point.id() + " recorded (archive and .env copy in "
                    + points.folder() + ")");
            step(Step.MIGRATE, progress);
            migrationStarted = System.nanoTime();
            MigrationReport report = lifecycle.migrate(true, () -> verifyUnderLock(backup.asWritten(), progress));
            progress.accept("  " + (report.seeded() == 0 ? "nothing to add" : "added " + report.seeded() + " row(s)"));
            step(Step.CACHES, progress);
            long cleared = cache.clear();
            progress.accept("  " + cleared + " entr" + (cleared == 1 ? "y" : "ies") + " removed from the "
                    + cache.describe());
            step(Step.MAINTENANCE_OFF, progress);
            Instant upAt = null;
            if (downAt != null) {
                mode.up();
                upAt = clock.instant();
                progress.accept(String.format("  maintenance mode off at %s: down for %.3f s (migrations %d ms)", upAt,
                        Duration.between(downAt, upAt).toMillis() / 1000.0, migrationMillis));
            } else {
                progress.accept("  nothing to do");
            }
            LOG.info("upgrade from schema {} (Portico {}) to {} (Portico {}): rollback point {}, migrations {} ms, "
                    + "down {} ms", readiness.state().current(), readiness.fromVersion(), report.toVersion(), toVersion,
                    point.id(), migrationMillis, downAt == null ? "-" : Duration.between(downAt, upAt).toMillis());
            return new Outcome(point, report, migrationMillis, verification, downAt, upAt, cleared);
        } catch (RuntimeException failure) {
            throw recover(failure, point, downAt != null, progress);
        }
    }

    /**
     * Before the instance goes down: every table read as the backup reads it (a row that cannot be backed up
     * stops the upgrade while the API still serves), which also compiles the code the window runs and brings
     * the rows into the database's cache; Flyway's classes load meanwhile on another thread, and the connection
     * pool that Flyway, the checks, the seed and maintenance mode borrow from is opened now, not in the window.
     */
    private void readThrough(Consumer<String> progress) {
        long started = System.nanoTime();
        SchemaMigrator.warmUp(database.engine());
        database.pool();
        long rows = backups.readThrough();
        progress.accept(String.format("  read every table once before going down (%,d rows in %d ms): each row can be "
                + "backed up", rows, (System.nanoTime() - started) / 1_000_000));
    }

    private void verifyUnderLock(ArchiveVerifier.Verified archive, Consumer<String> progress) {
        migrationMillis = (System.nanoTime() - migrationStarted) / 1_000_000;
        progress.accept("  applied in " + migrationMillis + " ms");
        step(Step.VERIFY, progress);
        verification = verifier.against(archive);
        List<Check> failed = verification.checks().stream().filter(c -> c.status() == Check.Status.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, "the migrated database differs from the backup: "
                    + failed.stream().map(c -> c.name() + ": " + c.detail()).collect(Collectors.joining("; ")));
        }
        progress.accept("  " + verification.summary());
        step(Step.SEED, progress);
    }

    /** Puts the instance back as it was and says so; the failure's own code stays the exit code. */
    private PorticoException recover(RuntimeException failure, RollbackPoint point, boolean bringUp,
                                     Consumer<String> progress) {
        Step failedAt = step;
        String cause = String.valueOf(failure.getMessage()).strip();
        ErrorCode code = exitCodeOf(failure);
        LOG.warn("upgrade failed at {}: {}", failedAt.describe(), cause, failure);
        String prefix = "The upgrade failed at " + failedAt.describe() + ": " + cause
                + (cause.matches("(?s).*[.?!]") ? " " : ". ");
        if (point == null) {
            try {
                if (bringUp) {
                    new MaintenanceMode(database).up();
                }
            } catch (RuntimeException upFailed) {
                failure.addSuppressed(upFailed);
                return new PorticoException(ErrorCode.FAILED, prefix + "Nothing was migrated, but maintenance mode could "
                        + "not be turned off (" + upFailed.getMessage() + "): run `portico up` once the database "
                        + "answers.", failure);
            }
            return new PorticoException(code, prefix + "Nothing was migrated and no rollback point was needed"
                    + (bringUp ? "; maintenance mode is off again" : "") + ": the instance is as it was before. Fix the "
                    + "cause and run `portico upgrade` again.", failure);
        }
        progress.accept("Restoring rollback point " + point.id() + " after the failure at " + failedAt.describe());
        try {
            RollbackRestore.Restored restored = restorer.restore(point, line -> progress.accept("  " + line));
            if (!restored.verification().passed()) {
                return new PorticoException(ErrorCode.FAILED, prefix + "Rollback point " + point.id() + " was restored, "
                        + "but it does not verify equal to its archive (" + restored.verification().summary() + "): run "
                        + "`portico verify --against " + points.archive(point) + "` for the details.", failure);
            }
            return new PorticoException(code, prefix + "Rollback point " + point.id() + " was restored automatically "
                    + "(database" + (point.envCopy() == null ? "" : " and .env") + ") and verifies equal to its archive"
                    + (bringUp ? "; maintenance mode is off" : "") + (restored.droppedHandMade().isEmpty() ? ""
                    : "; dropped with the schema, as the archive holds Portico's rows only: "
                    + String.join(", ", restored.droppedHandMade()) + " (create them again if you need them)")
                    + ": the instance is as it was before the upgrade "
                    + "(schema " + point.fromSchema() + ", Portico " + point.fromVersion() + "). Fix the cause and run "
                    + "`portico upgrade` again.", failure);
        } catch (RuntimeException restoreFailed) {
            failure.addSuppressed(restoreFailed);
            return new PorticoException(ErrorCode.FAILED, prefix + "Restoring rollback point " + point.id() + " failed "
                    + "too: " + restoreFailed.getMessage() + " Its archive " + points.archive(point) + " is intact: run "
                    + "`portico rollback --to " + point.id() + "` once the cause is fixed.", failure);
        }
    }

    /**
     * The failure's own kind when it is one an operator acts on differently (checks failed 3, refused 4,
     * busy 5); anything else is "failed, state restored" (1), never a usage error: the command line was fine.
     */
    private static ErrorCode exitCodeOf(RuntimeException failure) {
        if (failure instanceof PorticoException known && (known.code() == ErrorCode.CHECKS_FAILED
                || known.code() == ErrorCode.REFUSED || known.code() == ErrorCode.BUSY)) {
            return known.code();
        }
        return ErrorCode.FAILED;
    }

    private void step(Step next, Consumer<String> progress) {
        long now = System.nanoTime();
        if (next != Step.CHECK && stepStarted != 0) {
            progress.accept("  (" + step.label() + ": " + (now - stepStarted) / 1_000_000 + " ms)");
        }
        stepStarted = now;
        step = next;
        progress.accept("[" + (next.ordinal() + 1) + "/" + Step.values().length + "] " + next.label());
    }

    private static String line(Step step, String detail) {
        return (step.ordinal() + 1) + ". " + step.label() + ": " + detail;
    }
}
