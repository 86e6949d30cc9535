package dev.portico.backup;

import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyCanary;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.systemdb.ConnectionFailure;
import dev.portico.systemdb.InstanceRecord;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SystemDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies this instance's system database to another database on any engine, with no file in between:
 * rows are read inside one consistent {@link Snapshot} of the source and loaded into the target as a
 * restore loads an archive ({@link JournaledLoad}: the same checks, one transaction, undone on failure
 * or after a kill). The caller runs the source's key and schema guards first. Not thread-safe.
 */
public final class CloneService {
    private static final Logger LOG = LoggerFactory.getLogger("portico.backup");

    /** What was cloned, and how long it took. */
    public record CloneResult(RestorePlan plan, long rows, long millis) {
    }

    private final SystemDatabase source;
    private final Optional<AppKey> key;
    private final BuildInfo build;
    private final Path storage;
    private final Duration lockTimeout;

    public CloneService(SystemDatabase source, Optional<AppKey> key, BuildInfo build, Path storage,
                        Duration lockTimeout) {
        this.source = source;
        this.key = key;
        this.build = build;
        this.storage = storage;
        this.lockTimeout = lockTimeout;
    }

    /** Runs every check and says what a clone would do; writes nothing. */
    public RestorePlan plan(CloneTarget target, boolean force) {
        refuseUnsafeTarget(target);
        try (SystemDatabase database = new SystemDatabase(target.settings(), 2);
             Snapshot snapshot = Snapshot.begin(source.connect(), source.engine())) {
            return checks(database).checkTarget(null, describe(snapshot), force, forceCommand(target));
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    public CloneResult clone(CloneTarget target, boolean force, Consumer<String> progress) {
        long started = System.nanoTime();
        refuseUnsafeTarget(target);
        RestorePlan plan;
        long rows;
        try (SystemDatabase database = new SystemDatabase(target.settings(), 2)) {
            try (Snapshot snapshot = Snapshot.begin(source.connect(), source.engine())) {
                BackupManifest manifest = describe(snapshot);
                RestoreChecks checks = checks(database);
                checks.checkTarget(null, manifest, force, forceCommand(target)); // before the journal: nothing to undo
                JournaledLoad.Loaded loaded = new JournaledLoad(database, storage, lockTimeout).run(
                        "clone to " + target.spec(), target.spec(),
                        () -> checks.checkTarget(null, manifest, force, forceCommand(target)),
                        checked -> "Cloning " + manifest.tables().size() + " tables (" + manifest.totalRows()
                                + " rows, schema " + manifest.schemaVersion() + ") from the " + source.describe()
                                + " onto the " + checked.target()
                                + (checked.replacesData() ? ", replacing its " + checked.targetRowsBefore() + " rows" : ""),
                        TableRows.live(snapshot.connection(), source.engine()), progress);
                plan = loaded.plan();
                rows = loaded.rows();
            } catch (SQLException e) {
                throw readFailed(e);
            }
            if (plan.migratesForward()) {
                progress.accept("Migrating the cloned schema " + plan.manifest().schemaVersion() + " forward to "
                        + plan.latestSchema());
                new Lifecycle(database, key, build, lockTimeout).migrate(false);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("clone of {} onto {} ({}): {} tables, {} rows, schema {}, in {} ms", source.describe(), plan.target(),
                plan.targetEngine(), plan.manifest().tables().size(), rows, plan.manifest().schemaVersion(), millis);
        return new CloneResult(plan, rows, millis);
    }

    private void refuseUnsafeTarget(CloneTarget target) {
        if (target.sameDatabaseAs(source.settings())) {
            throw new PorticoException(ErrorCode.REFUSED, "The clone target " + target.spec() + " is this instance's "
                    + "own " + source.describe() + ": a clone onto itself would delete what it copies. Give another "
                    + "database; nothing was written.");
        }
        AppKey appKey = key.orElseThrow(() -> new PorticoException(ErrorCode.REFUSED,
                "APP_KEY is not set, so this instance's secrets cannot be checked. Set it first; nothing was written."));
        if (target.appKey().isPresent()) {
            String theirs;
            try {
                theirs = AppKey.parse(target.appKey().get()).fingerprint();
            } catch (RuntimeException malformed) {
                theirs = "(malformed)";
            }
            if (!theirs.equals(appKey.fingerprint())) {
                throw new PorticoException(ErrorCode.REFUSED, "The target " + target.spec() + " has APP_KEY with "
                        + "fingerprint " + theirs + ", but this instance's key is " + appKey.fingerprint() + ": the "
                        + "cloned secrets could not be opened there. Set its APP_KEY to this instance's key (or remove "
                        + "the line and copy the key over); nothing was written.");
            }
        }
    }

    private RestoreChecks checks(SystemDatabase target) {
        return new RestoreChecks(target, key);
    }

    private static String forceCommand(CloneTarget target) {
        return "portico clone --to " + target.spec() + " --force";
    }

    /** The source as a manifest: its schema, instance, tables in load order with their columns and row counts. */
    private BackupManifest describe(Snapshot snapshot) throws SQLException {
        DatabaseEngine engine = source.engine();
        SchemaState state = SchemaInspector.inspect(snapshot.connection(), MigrationCatalog.forEngine(engine));
        InstanceRecord instance = state.instance().orElseThrow(() -> new PorticoException(ErrorCode.REFUSED,
                "The " + source.describe() + " is not set up, so there is nothing to clone. Run `portico setup` first."));
        List<BackupManifest.TableEntry> tables = new ArrayList<>();
        for (TableSchema table : new SchemaReader(snapshot.connection(), engine).tables()) {
            long rows = TargetTables.rows(snapshot.connection(), engine, List.of(table.name()));
            // a clone has no data files: the entries carry the columns and counts, not a file's hash
            tables.add(new BackupManifest.TableEntry(table.name(), "data/" + table.name() + ".ndjson", rows, "",
                    table.columns()));
        }
        return new BackupManifest(BackupManifest.FORMAT_VERSION, build.version(), state.current(),
                engine.connectionName(), instance.instanceId(), Instant.now().toString(),
                KeyCanary.fingerprintOf(instance.keyCanary()), false, false, false, tables, List.of());
    }

    private PorticoException readFailed(SQLException e) {
        return new PorticoException(ErrorCode.FAILED, "Reading the " + source.describe() + " for the clone failed: "
                + ConnectionFailure.scrub(source.settings(), String.valueOf(e.getMessage())), e);
    }
}
