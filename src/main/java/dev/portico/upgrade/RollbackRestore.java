package dev.portico.upgrade;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.backup.ArchiveVerifier;
import dev.portico.backup.RestoreService;
import dev.portico.backup.Verification;
import dev.portico.backup.Verifier;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.EnvFileWriter;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.lifecycle.MaintenanceMode;
import dev.portico.systemdb.SchemaContents;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an instance back at a rollback point: the database from the point's archive, at the archive's own
 * schema (never migrated forward), and {@code .env} from its copy; then verifies the database against the
 * archive and leaves maintenance mode as it was before the upgrade. When the schema is still the
 * archive's, the rows are replaced in one transaction (restore's {@code --force} path); when an upgrade
 * moved it on, the schema is emptied (what was made by hand in it too, named), built again at the
 * archive's version and loaded: in one transaction on PostgreSQL and SQLite, so a failure changes
 * nothing; on MySQL/MariaDB, whose DDL commits at once, drop first, then load, under a journal that makes
 * serve, setup, migrate, restore, clone and upgrade refuse the database until a rollback's load commits; a failure says what the database
 * holds and how to finish. A rollback after such an unfinished one always replaces the schema again. Used by
 * {@code upgrade} after a failed step and by {@code rollback}. Not thread-safe.
 */
public final class RollbackRestore {
    private static final Logger LOG = LoggerFactory.getLogger("portico.upgrade");
    static final String ENV_LABEL = "before-rollback";

    /**
     * What was restored, how, what made by hand was dropped with the schema, whether .env was put back (and where
     * the replaced one is kept), and the proof.
     */
    public record Restored(RollbackPoint point, boolean droppedFirst, List<String> droppedHandMade, boolean envRestored,
                           Path envKept, Verification verification, long millis) {
        public Restored {
            droppedHandMade = List.copyOf(droppedHandMade);
        }
    }

    private final SystemDatabase database;
    private final Lifecycle lifecycle;
    private final RestoreService restores;
    private final Verifier verifier;
    private final RollbackPoints points;
    private final Path envFile;

    public RollbackRestore(SystemDatabase database, Lifecycle lifecycle, RestoreService restores, Verifier verifier,
                           RollbackPoints points, Path envFile) {
        this.database = database;
        this.lifecycle = lifecycle;
        this.restores = restores;
        this.verifier = verifier;
        this.points = points;
        this.envFile = envFile;
    }

    /** Checks the point's archive (intact, the file that was recorded) without writing anything. */
    public ArchiveVerifier.Verified checkArchive(RollbackPoint point) {
        Path archive = points.archive(point);
        ArchiveVerifier.Verified verified = new ArchiveVerifier().verify(archive); // missing or damaged → 1 or 3
        if (!RollbackPoints.sha256(archive).equals(point.sha256())) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, archive + " is not the archive recorded for rollback "
                    + "point " + point.id() + " (its SHA-256 differs): it was replaced. Nothing was changed; restore it "
                    + "by hand with `portico restore` only if you trust it.");
        }
        return verified;
    }

    /**
     * What restoring {@code point} would drop besides Portico's tables (views, functions … made by hand: its
     * archive holds Portico's rows only); empty when the schema is still the archive's, whose tables are kept.
     * Refuses (exit 4) when objects of other schemas depend on the schema's. Reads only.
     */
    public List<SchemaContents.SchemaObject> wouldDrop(RollbackPoint point) {
        return replacesSchema(lifecycle.state(), point.fromSchema()) ? handMade(point) : List.of();
    }

    private List<SchemaContents.SchemaObject> handMade(RollbackPoint point) {
        SchemaContents.Contents contents = lifecycle.contents();
        contents.requireNoDependentsElsewhere(database.describe(), "portico rollback --to " + point.id());
        return contents.handMade();
    }

    public Restored restore(RollbackPoint point, Consumer<String> progress) {
        long started = System.nanoTime();
        ArchiveVerifier.Verified archive = checkArchive(point);
        int archiveSchema = archive.manifest().schemaVersion();
        SchemaState state = lifecycle.state();
        boolean dropFirst = replacesSchema(state, archiveSchema);
        List<SchemaContents.SchemaObject> handMade = dropFirst ? handMade(point) : List.of();
        boolean tookDown = takeDown(state);
        if (dropFirst) {
            progress.accept((moved(state, archiveSchema) ? "The schema is at " + state.current() + (state.failed().isEmpty() ? ""
                    : " with a failed migration") + ", the point's archive at " + archiveSchema
                    : "An earlier rollback did not finish (the schema is at " + state.current() + ")") + ": " + (atomic()
                    ? "emptying the schema, building schema " + archiveSchema + " again and loading the archive in one "
                    + "transaction" : "dropping the schema, building schema " + archiveSchema + " again and loading the "
                    + "archive; each drop commits at once, so until the load commits serve, setup, migrate, restore, clone "
                    + "and upgrade refuse the database"));
        }
        try {
            if (!dropFirst) {
                restores.restore(archive.file(), true, false, progress);
            } else {
                restores.replace(archive.file(), point.id(), progress);
            }
        } catch (RuntimeException e) {
            throw failed(point, state, dropFirst, tookDown, e);
        }
        Path kept = null;
        boolean envRestored = false;
        Optional<Path> copy = points.envCopy(point).filter(Files::isRegularFile);
        if (copy.isPresent() && !sameContent(copy.get(), envFile)) {
            kept = EnvFileWriter.replace(envFile, readLines(copy.get()), ENV_LABEL);
            envRestored = true;
            progress.accept(".env put back from " + copy.get() + (kept == null ? "" : "; the replaced one is kept as " + kept));
        }
        Verification verification = verifier.against(archive);
        progress.accept("Verified against " + archive.file() + ": " + verification.summary());
        if (archiveSchema >= MaintenanceMode.SINCE_SCHEMA && !point.wasDown()) {
            new MaintenanceMode(database).up();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<String> dropped = handMade.stream().map(Object::toString).toList();
        LOG.info("rollback point {} restored (schema {}, dropped first: {}, dropped besides the tables: {}, .env put "
                + "back: {}) in {} ms: {}", point.id(), archiveSchema, dropFirst, dropped, envRestored, millis,
                verification.summary());
        return new Restored(point, dropFirst, dropped, envRestored, kept, verification, millis);
    }

    /** PostgreSQL and SQLite replace a schema in one transaction; MySQL/MariaDB commit each drop at once. */
    private boolean atomic() {
        return database.engine() != DatabaseEngine.MYSQL;
    }

    /** An upgrade moved the schema on, or left a migration failed, or a rollback on MySQL/MariaDB did not finish. */
    private boolean replacesSchema(SchemaState state, int archiveSchema) {
        return moved(state, archiveSchema) || (!atomic() && restores.rollbackUnfinished());
    }

    /** The schema is not the archive's, or a migration failed on it. */
    private static boolean moved(SchemaState state, int archiveSchema) {
        return state.current() != archiveSchema || !state.failed().isEmpty();
    }

    /** The error for a restore that failed: what state the database is in now, and the command that tries again. */
    private PorticoException failed(RollbackPoint point, SchemaState before, boolean dropFirst, boolean tookDown,
                                    RuntimeException e) {
        String retry = " The archive is intact: run `portico rollback --to " + point.id() + "` again once the cause "
                + "is fixed.";
        ErrorCode code = e instanceof PorticoException known ? known.code() : ErrorCode.FAILED;
        String cause = String.valueOf(e.getMessage()).strip();
        if (dropFirst && !atomic() && unfinished(e)) {
            return new PorticoException(code, "Rollback point " + point.id() + " was not restored: " + cause
                    + (cause.endsWith(".") ? "" : ".") + " The system database is not usable as it is: it "
                    + restores.describeContents() + " now, and serve, setup, migrate, restore, clone and upgrade refuse "
                    + "it until a rollback's load commits." + retry, e);
        }
        String maintenance = "";
        if (tookDown) {
            try {
                new MaintenanceMode(database).up();
                maintenance = ", maintenance mode off again";
            } catch (RuntimeException upFailed) {
                e.addSuppressed(upFailed);
                maintenance = ", but still in maintenance mode (`portico up` ends it)";
            }
        }
        return new PorticoException(code, "Rollback point " + point.id() + " was not restored: " + cause
                + (cause.endsWith(".") ? "" : ".") + " The system database is as it was before "
                + "the rollback (schema " + before.current() + maintenance + ")." + retry, e);
    }

    /** Whether the failed rollback left its MySQL/MariaDB journal (it dropped the schema); when that cannot be told, yes. */
    private boolean unfinished(RuntimeException failure) {
        try {
            return restores.rollbackUnfinished();
        } catch (RuntimeException unknown) {
            failure.addSuppressed(unknown);
            return true;
        }
    }

    /** Nodes that honour maintenance mode stop writing while their database is replaced; true when this took it down. */
    private boolean takeDown(SchemaState state) {
        if (state.instance().isPresent() && state.current() >= MaintenanceMode.SINCE_SCHEMA && state.failed().isEmpty()) {
            MaintenanceMode mode = new MaintenanceMode(database);
            if (!mode.read().down()) {
                mode.down(Optional.empty(), UpgradeProcedure.RETRY_SECONDS, Instant.now());
                return true;
            }
        }
        return false;
    }

    private static boolean sameContent(Path copy, Path current) {
        try {
            return Files.isRegularFile(current) && Arrays.equals(Files.readAllBytes(copy), Files.readAllBytes(current));
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot compare " + copy + " with " + current + " ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "); .env was left as it is.", e);
        }
    }
}
