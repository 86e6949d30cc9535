package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Everything a restore checks before it writes: the archive's integrity and format, its key against
 * APP_KEY, its schema against this build, the source and target engines, free disk space, and that
 * the target is empty (or {@code --force}). Reads only. Stateless apart from its inputs.
 */
public final class RestoreChecks {
    private final SystemDatabase database;
    private final Optional<AppKey> key;
    private final Path filesStorage;

    public RestoreChecks(SystemDatabase database, Optional<AppKey> key) {
        this(database, key, null);
    }

    /** {@code filesStorage}: the storage folder the archive's files are restored into (null: files not restored). */
    public RestoreChecks(SystemDatabase database, Optional<AppKey> key, Path filesStorage) {
        this.database = database;
        this.key = key;
        this.filesStorage = filesStorage;
    }

    /** Runs every check in order; the first that fails throws (exit 3 damaged, exit 4 refused). */
    public RestorePlan check(Path file, boolean force) {
        return checkTarget(file, new ArchiveVerifier().verify(file).manifest(), force); // integrity (3), format (4)
    }

    /**
     * As {@link #check}, for a restore about to load: the table data is not read here, because the load
     * checks each file's SHA-256 and row count as it reads it, inside its one transaction, so a damaged
     * or edited file (exit 3) rolls back every row it brought ({@link ArchiveRows}). Reading the archive
     * once instead of twice saves a whole pass over its data.
     */
    RestorePlan checkForLoad(Path file, boolean force) {
        return checkTarget(file, new ArchiveVerifier().verifyEntries(file).manifest(), force);
    }

    /**
     * The checks that depend on this instance and its database (key, schema, emptiness), for an
     * archive whose integrity was already verified: what must be checked again under the lock.
     */
    public RestorePlan checkTarget(Path file, BackupManifest manifest, boolean force) {
        return checkTarget(file, manifest, force, "portico restore " + file + " --force");
    }

    /** As above; {@code forceCommand} is the command the "not empty" refusal suggests (a clone's differs). */
    RestorePlan checkTarget(Path file, BackupManifest manifest, boolean force, String forceCommand) {
        return checkTarget(file, manifest, force, forceCommand, false);
    }

    /**
     * The checks for a restore that replaces the target's schema with the archive's ({@link RestoreService#replace}):
     * the target may hold rows and a schema newer than the archive's, which the load's transaction drops.
     */
    RestorePlan checkReplace(Path file, BackupManifest manifest) {
        return checkTarget(file, manifest, true, null, true);
    }

    private RestorePlan checkTarget(Path file, BackupManifest manifest, boolean force, String forceCommand,
                                    boolean replacesSchema) {
        AppKey appKey = key.orElseThrow(() -> new PorticoException(ErrorCode.REFUSED, "APP_KEY is not set, so the "
                + "secrets in " + file + " (sealed with key " + manifest.keyFingerprint() + ") could not be read. "
                + "Set APP_KEY to the key of the instance that made the backup; nothing was written."));
        if (!appKey.fingerprint().equals(manifest.keyFingerprint())) {
            throw new PorticoException(ErrorCode.REFUSED, "The archive " + file + " is sealed with key "
                    + manifest.keyFingerprint() + ", but APP_KEY here has fingerprint " + appKey.fingerprint()
                    + ": its secrets could not be opened. Set APP_KEY to the key of the instance that made the backup "
                    + "(its .env); nothing was written.");
        }
        MigrationCatalog catalog = MigrationCatalog.forEngine(database.engine());
        if (manifest.schemaVersion() > catalog.latest()) {
            throw new PorticoException(ErrorCode.REFUSED, "The archive " + file + " holds schema "
                    + manifest.schemaVersion() + " (Portico " + manifest.porticoVersion() + "), newer than this build's "
                    + catalog.latest() + ". Restore it with Portico " + manifest.porticoVersion()
                    + " or newer; nothing was written.");
        }
        if (DatabaseEngine.byConnectionName(manifest.sourceEngine()).isEmpty()) {
            throw new PorticoException(ErrorCode.REFUSED, "The archive " + file + " comes from a '" + manifest.sourceEngine()
                    + "' database, an engine this Portico does not know (it knows sqlite, pgsql, mysql), so it cannot be "
                    + "restored onto the " + database.describe() + ". Use the Portico that wrote it; nothing was written.");
        }
        List<String> tables = manifest.tables().stream().map(BackupManifest.TableEntry::name).toList();
        try {
            List<String> space = file == null
                    ? List.of("free space is not estimated for a clone (a full disk fails its load, which is rolled back)")
                    : RestoreSpace.check(file, manifest, database.settings(), filesStorage);
            if (database.engine() == DatabaseEngine.SQLITE && !Files.exists(database.settings().sqliteFile())) {
                // no database yet: empty, and a check must not create the file
                ServerVersion version = supported(ServerVersion.sqliteLibrary(), manifest);
                return new RestorePlan(file, manifest, database.describe(), database.engine().connectionName(), 0, 0,
                        catalog.latest(), version.toString(), space);
            }
            return checkDatabase(file, manifest, force, forceCommand, replacesSchema, catalog, tables, space);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot read " + file + " or the free space of its target to "
                    + "check them before the restore: " + e.getMessage() + ". Nothing was written.", e);
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot read the " + database.describe()
                    + " to check it before the restore: " + e.getMessage(), e);
        }
    }

    private RestorePlan checkDatabase(Path file, BackupManifest manifest, boolean force, String forceCommand,
                                      boolean replacesSchema, MigrationCatalog catalog, List<String> tables,
                                      List<String> space)
            throws SQLException {
        try (Connection connection = database.connect()) {
            ServerVersion version = supported(ServerVersion.of(connection, database.engine()), manifest);
            SchemaState state = SchemaInspector.inspect(connection, catalog);
            long rows = TargetTables.rows(connection, database.engine(), tables);
            if (!state.unknownApplied().isEmpty() || state.current() > catalog.latest()) {
                throw new PorticoException(ErrorCode.REFUSED, "The " + database.describe() + " has schema "
                        + state.current() + ", newer than this Portico knows; nothing was written.");
            }
            if ((rows > 0 || state.instance().isPresent()) && !force) {
                throw new PorticoException(ErrorCode.REFUSED, "The " + database.describe() + " is not empty (" + rows
                        + " rows in Portico tables). Restoring would replace them: run `" + forceCommand
                        + "` to delete them and load the archive, or point DB_* at an empty database. "
                        + "Nothing was written.");
            }
            if (state.current() > manifest.schemaVersion() && !replacesSchema) {
                throw new PorticoException(ErrorCode.REFUSED, "The " + database.describe() + " has schema "
                        + state.current() + ", newer than the archive's " + manifest.schemaVersion() + ", so its data "
                        + "cannot be loaded over it. Run `portico migrate:reset --force` first; nothing was written.");
            }
            return new RestorePlan(file, manifest, database.describe(), database.engine().connectionName(),
                    state.current(), rows, catalog.latest(), version.toString(), space);
        }
    }

    private ServerVersion supported(ServerVersion version, BackupManifest manifest) {
        if (!version.supported()) {
            throw new PorticoException(ErrorCode.REFUSED, "The target " + database.describe() + " runs " + version.product()
                    + " " + version.text() + ", older than the " + version.minimum() + " Portico needs, so the archive (from "
                    + manifest.sourceEngine() + ") cannot be restored onto it. Upgrade the server or restore onto "
                    + "another; nothing was written.");
        }
        return version;
    }
}
