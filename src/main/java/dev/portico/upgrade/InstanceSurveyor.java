package dev.portico.upgrade;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.backup.BackupSize;
import dev.portico.backup.DiskSpace;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DotenvFile;
import dev.portico.crypto.AppKey;
import dev.portico.lifecycle.SchemaGuard;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an {@link InstanceSurvey} from one instance, over one connection, writing nothing (a SQLite
 * file that does not exist is not created). An unreachable database fails with exit 1. Not thread-safe.
 */
public final class InstanceSurveyor {
    private final SystemDatabase database;
    private final Optional<AppKey> key;
    private final Path envFile;
    private final Set<String> environmentKeys;
    private final Path backupFolder;

    /**
     * {@code environmentKeys} are the names set in the process environment; {@code backupFolder} is where
     * a backup before the upgrade would be written.
     */
    public InstanceSurveyor(SystemDatabase database, Optional<AppKey> key, Path envFile, Set<String> environmentKeys,
                            Path backupFolder) {
        this.database = database;
        this.key = key;
        this.envFile = envFile;
        this.environmentKeys = Set.copyOf(environmentKeys);
        this.backupFolder = backupFolder;
    }

    public InstanceSurvey survey() {
        Map<String, String> keys = configKeys();
        Runtime.Version java = Runtime.version();
        if (database.engine() == DatabaseEngine.SQLITE && !Files.exists(database.settings().sqliteFile())) {
            return new InstanceSurvey(Optional.empty(), List.of(), List.of(), List.of(), keys, java, Optional.empty(),
                    Optional.empty());
        }
        MigrationCatalog catalog = MigrationCatalog.forEngine(database.engine());
        return database.read(handle -> {
            SchemaState state = SchemaInspector.inspect(handle.connection(), catalog);
            if (!state.initialized()) {
                return new InstanceSurvey(Optional.of(state), List.of(), List.of(), List.of(), keys, java,
                        Optional.empty(), Optional.empty());
            }
            BackupSize size = BackupSize.estimate(handle.connection(), database.engine());
            return new InstanceSurvey(Optional.of(state), services(handle), scripts(handle), tasks(handle), keys, java,
                    keyProblem(state), Optional.of(new InstanceSurvey.BackupRoom(size, backupFolder, free())));
        });
    }

    /** Every key set in .env or the environment, with where it is set (names only: values are never read out). */
    private Map<String, String> configKeys() {
        Map<String, String> keys = new TreeMap<>();
        DotenvFile.read(envFile).keySet().forEach(name -> keys.put(name, ".env"));
        environmentKeys.forEach(name -> keys.merge(name, "the environment", (file, environment) -> ".env and the environment"));
        return keys;
    }

    private static List<InstanceSurvey.Service> services(SqlHandle handle) throws SQLException {
        return handle.rows("SELECT name, type, is_active FROM service ORDER BY name").stream()
                .map(row -> new InstanceSurvey.Service(text(row.get("name")), text(row.get("type")),
                        SqlHandle.truthy(row.get("is_active")))).toList();
    }

    private static List<InstanceSurvey.Script> scripts(SqlHandle handle) throws SQLException {
        return handle.rows("SELECT name, type, is_active FROM event_script ORDER BY name").stream()
                .map(row -> new InstanceSurvey.Script(text(row.get("name")), text(row.get("type")),
                        SqlHandle.truthy(row.get("is_active")))).toList();
    }

    private static List<InstanceSurvey.Task> tasks(SqlHandle handle) throws SQLException {
        return handle.rows("SELECT t.name AS task, s.name AS service, s.type AS type, t.is_active AS active "
                + "FROM scheduled_task t JOIN service s ON s.id = t.service_id ORDER BY t.name").stream()
                .map(row -> new InstanceSurvey.Task(text(row.get("task")), text(row.get("service")),
                        text(row.get("type")), SqlHandle.truthy(row.get("active")))).toList();
    }

    private Optional<String> keyProblem(SchemaState state) {
        try {
            SchemaGuard.requireKey(key, state);
            return Optional.empty();
        } catch (PorticoException refused) {
            return Optional.of(refused.getMessage());
        }
    }

    private long free() {
        try {
            return DiskSpace.usable(backupFolder);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot read the free space of " + backupFolder + " ("
                    + e.getMessage() + "). Check that the storage folder exists and is readable.", e);
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
