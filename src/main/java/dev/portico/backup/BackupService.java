package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.KeyCanary;
import dev.portico.systemdb.InstanceRecord;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.ConnectionFailure;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes a backup archive of the system database from one consistent snapshot, streaming every table.
 * The caller runs the key and schema guards first ({@code Lifecycle.check()}). Not thread-safe.
 */
public final class BackupService {
    static final String ENV_ENTRY = "env/.env";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /** The archive written, its size, and its manifest. */
    public record BackupResult(Path file, long bytes, BackupManifest manifest) {
    }

    private final SystemDatabase database;
    private final String porticoVersion;
    private final Path envFile;
    private final Path backupsFolder;
    private final Clock clock;

    public BackupService(SystemDatabase database, String porticoVersion, Path envFile, Path backupsFolder, Clock clock) {
        this.database = database;
        this.porticoVersion = porticoVersion;
        this.envFile = envFile;
        this.backupsFolder = backupsFolder;
        this.clock = clock;
    }

    public Path backupsFolder() {
        return backupsFolder;
    }

    /** Writes the archive to {@code out}, or to a named file in storage/backups; reports progress line by line. */
    public BackupResult backup(Optional<Path> out, boolean includeEnv, Consumer<String> progress) {
        if (includeEnv && !Files.isRegularFile(envFile)) {
            throw new PorticoException(ErrorCode.FAILED, "--include-env was given but there is no " + envFile
                    + " (APP_KEY comes from the environment). Back up the key where it is kept, or run without --include-env.");
        }
        DatabaseEngine engine = database.engine();
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        try (Snapshot snapshot = Snapshot.begin(database.connect(), engine)) {
            SchemaState state = SchemaInspector.inspect(snapshot.connection(), MigrationCatalog.forEngine(engine));
            InstanceRecord instance = state.instance().orElseThrow(() -> new PorticoException(ErrorCode.REFUSED,
                    "The " + database.describe() + " is not set up, so there is nothing to back up. Run `portico setup` first."));
            Path target = out.orElseGet(() -> backupsFolder.resolve("portico-" + instance.instanceId().substring(0, 8)
                    + "-" + FILE_TIME.format(now) + "-v" + porticoVersion + "-s" + state.current() + ".zip"));
            List<TableSchema> tables = new SchemaReader(snapshot.connection(), engine).tables();
            progress.accept("Backing up " + tables.size() + " tables from the " + database.describe() + " (schema "
                    + state.current() + ", instance " + instance.instanceId() + ") to " + target);
            TableDump dump = new TableDump(snapshot.connection(), engine);
            try (ArchiveWriter archive = open(target)) {
                List<BackupManifest.TableEntry> entries = new ArrayList<>();
                for (TableSchema table : tables) {
                    String file = "data/" + table.name() + ".ndjson";
                    ArchiveWriter.Written<Long> written = archive.entry(file, stream -> dump.write(table, stream));
                    entries.add(new BackupManifest.TableEntry(table.name(), file, written.result(), written.sha256(),
                            table.columns()));
                    progress.accept(String.format("  %-22s %,10d rows", table.name(), written.result()));
                }
                List<BackupManifest.FileEntry> files = new ArrayList<>();
                if (includeEnv) {
                    ArchiveWriter.Written<Long> written = archive.entry(ENV_ENTRY, stream -> Files.copy(envFile, stream));
                    files.add(new BackupManifest.FileEntry(ENV_ENTRY, written.bytes(), written.sha256()));
                    progress.accept("  .env added: it holds APP_KEY, so this archive opens every sealed secret. "
                            + "Keep it as safe as the key.");
                }
                BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, porticoVersion,
                        state.current(), engine.connectionName(), instance.instanceId(), CREATED_AT.format(now),
                        KeyCanary.fingerprintOf(instance.keyCanary()), includeEnv, entries, files);
                archive.finish(manifest);
                archive.commit();
                return new BackupResult(target, Files.size(target), manifest);
            } catch (IOException e) {
                throw new PorticoException(ErrorCode.FAILED, "Could not write the backup " + target + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); no archive was left behind. "
                        + "Check the free space and permissions of " + target.getParent() + ".", e);
            }
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.FAILED, "Reading the " + database.describe()
                    + " for the backup failed; no archive was left behind: " + scrub(e.getMessage()), e);
        } catch (PorticoException e) {
            throw e;
        } catch (Exception e) {
            throw new PorticoException(ErrorCode.FAILED, "The backup failed; no archive was left behind: " + e, e);
        }
    }

    private ArchiveWriter open(Path target) {
        Path folder = target.toAbsolutePath().getParent();
        if (Files.exists(target)) {
            throw new PorticoException(ErrorCode.REFUSED, target + " already exists; nothing was written. "
                    + "Choose another --out, or move that file away.");
        }
        try {
            Files.createDirectories(folder);
            return new ArchiveWriter(target.toAbsolutePath());
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot write a backup into " + folder + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); nothing was written. "
                    + "Choose a writable folder with --out, or fix its permissions.", e);
        }
    }

    private String scrub(String message) {
        return ConnectionFailure.scrub(database.settings(), String.valueOf(message));
    }
}
