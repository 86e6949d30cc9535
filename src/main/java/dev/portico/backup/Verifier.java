package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyCanary;
import dev.portico.crypto.SecretBox;
import dev.portico.systemdb.ConnectionFailure;
import dev.portico.systemdb.InstanceRecord;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SystemDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * {@code portico verify}: checks the system database from one consistent snapshot, each check a row.
 * On its own: the key, every sealed secret, password hashes, referential integrity, the database
 * services' connections, and per-table counts and checksums. Against an archive: first the archive's
 * integrity and key, then every table compared with it (its row count and SHA-256 as {@code backup} writes
 * it; row by row only where those differ, to name the rows), grouped as the checks an operator asks for
 * (users, API configurations, scripts, settings). Reads only. Not thread-safe.
 */
public final class Verifier {
    /** Columns that migrating a restored older archive forward sets ({@code Lifecycle.migrate} records itself). */
    static final Map<String, Set<String>> SET_BY_MIGRATION = Map.of("instance", Set.of("portico_version", "updated_at"));
    /**
     * Columns that hold the instance's running state, not its data: maintenance mode is on while
     * {@code upgrade} takes its backup and off once the rollback point is restored, and an operator may
     * verify while down against a backup made while up. Never compared.
     */
    static final Map<String, Set<String>> RUNNING_STATE = Map.of("instance",
            Set.of("maintenance_started_at", "maintenance_retry_seconds", "maintenance_secret_hash"));

    @FunctionalInterface
    private interface Work {
        List<Check> run(Connection connection, List<TableSchema> tables, SchemaState state, InstanceRecord instance)
                throws Exception;
    }

    private final SystemDatabase database;
    private final Optional<AppKey> key;
    private final Path home;
    private final boolean comparisonOnly;

    public Verifier(SystemDatabase database, Optional<AppKey> key, Path home) {
        this(database, key, home, false);
    }

    private Verifier(SystemDatabase database, Optional<AppKey> key, Path home, boolean comparisonOnly) {
        this.database = database;
        this.key = key;
        this.home = home;
        this.comparisonOnly = comparisonOnly;
    }

    /**
     * {@link #against} with the archive, schema, key and row-by-row comparisons only: what {@code upgrade}
     * needs to prove its migrations kept every row. The health of the data itself (sealed secrets opening,
     * password hashes, foreign keys, services' connections) is what it was before the upgrade, which
     * neither opens nor reseals anything; scanning it would only lengthen the downtime.
     */
    public Verifier comparisonOnly() {
        return new Verifier(database, key, home, true);
    }

    /** The internal checks, without an archive. */
    public Verification internal() {
        AppKey appKey = requireKey();
        return inSnapshot((connection, tables, state, instance) -> {
            List<Check> checks = new ArrayList<>();
            checks.add(keyCheck(appKey, instance));
            UserHashes.Result users = UserHashes.read(connection);
            checks.add(Check.of("users", users.problems(), users.users() + " users, " + users.withPassword()
                    + " with a password, each a well-formed bcrypt hash"));
            checks.addAll(commonChecks(connection, tables, appKey, new SecretScan(connection, database.engine(), appKey)
                    .scan(tables)));
            TableComparison tablesCompared = new TableComparison(new TableDump(TableRows.live(connection, database.engine())), null);
            for (TableSchema table : tables) {
                TableComparison.Dumped dumped = tablesCompared.dump(table);
                checks.add(Check.ok("table " + table.name(), dumped.rows() + " rows, SHA-256 " + dumped.sha256()));
            }
            return checks;
        });
    }

    /**
     * Only the {@code key} and {@code secrets} rows, for {@code doctor}: no table checksums. With a key
     * that is not the database's, the secrets are not scanned (each would fail for the same reason).
     */
    public List<Check> keyAndSecrets() {
        AppKey appKey = requireKey();
        return inSnapshot(false, (connection, tables, state, instance) -> {
            Check keyRow = keyCheck(appKey, instance);
            if (keyRow.status() != Check.Status.OK) {
                return List.of(keyRow, Check.skipped("secrets", "APP_KEY is not the key the database is sealed with"));
            }
            SecretScan.Result secrets = new SecretScan(connection, database.engine(), appKey).scan(tables);
            List<String> failing = secrets.problems().stream().map(SecretScan.Problem::where).toList();
            return List.of(keyRow, Check.of("secrets", shown(failing), secrets.sealed()
                    + " sealed secrets, each opens with APP_KEY"));
        }).checks();
    }

    /** Verifies the archive's integrity, then compares the database with it. */
    public Verification against(Path file) {
        return against(new ArchiveVerifier().verify(file));
    }

    /**
     * Compares the database with an archive whose integrity was verified, or that this process has just
     * written ({@code BackupResult.asWritten()}): the manifest's row counts and SHA-256 are trusted, and a
     * data file is read only for a table that differs from them.
     */
    public Verification against(ArchiveVerifier.Verified archive) {
        BackupManifest manifest = archive.manifest();
        AppKey appKey = requireKey();
        if (!appKey.fingerprint().equals(manifest.keyFingerprint())) {
            throw new PorticoException(ErrorCode.REFUSED, "The archive " + archive.file() + " is sealed with key "
                    + manifest.keyFingerprint() + ", but APP_KEY here has fingerprint " + appKey.fingerprint()
                    + ", so its secrets cannot be compared. Set APP_KEY to the key of the instance that made the backup.");
        }
        // the comparison alone needs no foreign keys (reading them costs most on PostgreSQL and MariaDB)
        return inSnapshot(!comparisonOnly, (connection, tables, state, instance) -> {
            List<Check> checks = new ArrayList<>();
            checks.add(Check.ok("archive", archive.file() + " is intact: " + manifest.tables().size() + " tables, "
                    + manifest.totalRows() + " rows, made " + manifest.createdAt() + " from " + manifest.sourceEngine()));
            checks.add(schemaCheck(state.current(), manifest.schemaVersion()));
            checks.add(keyCheck(appKey, instance));
            List<Check> added = new ArrayList<>();
            Map<String, TableDiff> diffs = compare(connection, tables, archive,
                    state.current() > manifest.schemaVersion(), added);
            if (comparisonOnly) {
                for (String group : CheckGroups.GROUPS.keySet()) {
                    checks.add(CheckGroups.check(group, diffs, null));
                }
            } else {
                SecretScan.Result secrets = new SecretScan(connection, database.engine(), appKey).scan(tables);
                checks.add(CheckGroups.check("users", diffs, UserHashes.read(connection).problems()));
                checks.add(CheckGroups.check("api configurations", diffs, secrets.in("service")));
                checks.add(CheckGroups.check("scripts", diffs, List.of()));
                checks.add(CheckGroups.check("settings", diffs, List.of()));
                checks.addAll(commonChecks(connection, tables, appKey, secrets));
            }
            for (TableDiff diff : diffs.values()) {
                checks.add(diff.equal() ? Check.ok("table " + diff.table(), diff.describeEqual())
                        : Check.failed("table " + diff.table(), diff.describe()));
            }
            checks.addAll(added);
            return checks;
        });
    }

    private List<Check> commonChecks(Connection connection, List<TableSchema> tables, AppKey appKey,
                                     SecretScan.Result secrets) throws SQLException {
        List<Check> checks = new ArrayList<>();
        List<String> failing = secrets.problems().stream().map(SecretScan.Problem::where).toList();
        checks.add(Check.of("secrets", shown(failing), secrets.sealed() + " sealed secrets, each opens with APP_KEY"));
        checks.add(new ReferenceCheck(connection, database.engine()).check(tables));
        checks.addAll(new ServiceConnections(new SecretBox(appKey), home).check(connection));
        return checks;
    }

    /**
     * Every table of the archive, then any the database has beyond it, each compared in the snapshot. After
     * a forward migration a table the archive's schema did not have is one the migrations made: it goes
     * to {@code added} as a passed check with its row count, not compared.
     */
    private Map<String, TableDiff> compare(Connection connection, List<TableSchema> tables, ArchiveVerifier.Verified archive,
                                           boolean migrated, List<Check> added) throws Exception {
        Map<String, TableSchema> live = new LinkedHashMap<>();
        tables.forEach(table -> live.put(table.name(), table));
        Map<String, TableDiff> diffs = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(archive.file().toFile())) {
            TableComparison comparison = new TableComparison(new TableDump(TableRows.live(connection, database.engine())), zip);
            for (BackupManifest.TableEntry entry : archive.manifest().tables()) {
                Set<String> ignored = new java.util.TreeSet<>(RUNNING_STATE.getOrDefault(entry.name(), Set.of()));
                if (migrated) {
                    ignored.addAll(SET_BY_MIGRATION.getOrDefault(entry.name(), Set.of()));
                }
                diffs.put(entry.name(), comparison.compare(live.remove(entry.name()), entry, migrated, ignored));
            }
            for (TableSchema extra : live.values()) {
                if (migrated) {
                    added.add(Check.ok("table " + extra.name(), comparison.dump(extra).rows() + " rows; "
                            + "added since the archive's schema " + archive.manifest().schemaVersion() + ", not compared"));
                } else {
                    diffs.put(extra.name(), comparison.compare(extra, null, false, Set.of()));
                }
            }
        }
        return diffs;
    }

    private static List<String> shown(List<String> problems) {
        if (problems.size() <= RowMerge.SHOWN) {
            return problems;
        }
        List<String> shown = new ArrayList<>(problems.subList(0, RowMerge.SHOWN));
        shown.add("and " + (problems.size() - RowMerge.SHOWN) + " more");
        return shown;
    }

    private static Check schemaCheck(int database, int archive) {
        if (database == archive) {
            return Check.ok("schema", "schema " + database + ", as in the archive");
        }
        if (database > archive) {
            return Check.ok("schema", "the archive's schema " + archive + " was migrated forward to " + database
                    + ": the archive's columns are compared");
        }
        return Check.failed("schema", "the database has schema " + database + ", older than the archive's " + archive
                + ": restore the archive, or compare with a backup of this schema");
    }

    private static Check keyCheck(AppKey appKey, InstanceRecord instance) {
        try {
            KeyCanary.check(appKey, instance.keyCanary());
            return Check.ok("key", "APP_KEY (" + appKey.fingerprint() + ") is the key the database is sealed with");
        } catch (PorticoException e) {
            return Check.failed("key", e.getMessage());
        }
    }

    private AppKey requireKey() {
        return key.orElseThrow(() -> new PorticoException(ErrorCode.REFUSED, "APP_KEY is not set, so the sealed "
                + "secrets cannot be checked. Set APP_KEY to the key of this instance (its .env)."));
    }

    private Verification inSnapshot(Work work) {
        return inSnapshot(true, work);
    }

    /** Runs {@code work} on one snapshot; {@code withReferences} false reads the tables' columns only (faster). */
    private Verification inSnapshot(boolean withReferences, Work work) {
        try (Snapshot snapshot = Snapshot.begin(database.connect(), database.engine())) {
            Connection connection = snapshot.connection();
            SchemaState state = SchemaInspector.inspect(connection, MigrationCatalog.forEngine(database.engine()));
            InstanceRecord instance = state.instance().orElseThrow(() -> new PorticoException(ErrorCode.REFUSED,
                    "The " + database.describe() + " is not set up, so there is nothing to verify. "
                    + "Run `portico setup`, or `portico restore` an archive."));
            if (!state.unknownApplied().isEmpty()) {
                throw new PorticoException(ErrorCode.REFUSED, "The " + database.describe() + " was migrated by a newer "
                        + "Portico (schema " + state.current() + "); verify it with that release or newer.");
            }
            SchemaReader reader = new SchemaReader(connection, database.engine());
            return new Verification(work.run(connection, withReferences ? reader.tables() : reader.columnsOnly(),
                    state, instance));
        } catch (PorticoException e) {
            throw e;
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.FAILED, "Reading the " + database.describe() + " for the verification "
                    + "failed: " + ConnectionFailure.scrub(database.settings(), e.getMessage()), e);
        } catch (Exception e) {
            throw new PorticoException(ErrorCode.FAILED, "The verification failed (" + e.getClass().getSimpleName()
                    + ": " + ConnectionFailure.scrub(database.settings(), e.getMessage()) + ").", e);
        }
    }
}
