package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.KeyCanary;
import dev.portico.crypto.KeyWrap;
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
    private static final long MIN_FREE = 1_000_000;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /**
     * The archive written, its size, its manifest, and the SHA-256 of the file, hashed as it was written. The
     * archive was checked as written (central directory and manifest, see {@code WrittenArchive}) and synced
     * to disk before it got its name.
     */
    public record BackupResult(Path file, long bytes, BackupManifest manifest, String sha256) {
        /**
         * The archive as {@link Verifier#against(ArchiveVerifier.Verified)} takes it, without reading it again:
         * every entry's SHA-256 and row count in the manifest are those of the bytes this process wrote.
         */
        public ArchiveVerifier.Verified asWritten() {
            return new ArchiveVerifier.Verified(file, bytes, manifest);
        }
    }

    /**
     * What goes into the archive besides the tables: .env, the storage files (storage/app), and APP_KEY
     * wrapped under a passphrase (null: not included).
     */
    public record Options(boolean includeEnv, boolean includeFiles, KeyWrap.Wrapped wrappedKey) {
    }

    private final SystemDatabase database;
    private final String porticoVersion;
    private final Path envFile;
    private final Path storage;
    private final Path backupsFolder;
    private final Clock clock;

    public BackupService(SystemDatabase database, String porticoVersion, Path envFile, Path storage, Clock clock) {
        this.database = database;
        this.porticoVersion = porticoVersion;
        this.envFile = envFile;
        this.storage = storage;
        this.backupsFolder = storage.resolve("backups");
        this.clock = clock;
    }

    public Path backupsFolder() {
        return backupsFolder;
    }

    /** Writes the archive to {@code out}, or to a named file in storage/backups; reports progress line by line. */
    public BackupResult backup(Optional<Path> out, boolean includeEnv, Consumer<String> progress) {
        return backup(out, new Options(includeEnv, false, null), progress);
    }

    /**
     * The default archive path for {@code base}: {@code base.zip}, or {@code base-2.zip} and so on when a backup
     * of the same second already has that name (an upgrade, a rollback and another upgrade can fit in one).
     */
    private Path unusedName(String base) {
        Path candidate = backupsFolder.resolve(base + ".zip");
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = backupsFolder.resolve(base + "-" + n + ".zip");
        }
        return candidate;
    }

    /** Writes the archive with the extras {@code options} asks for. */
    public BackupResult backup(Optional<Path> out, Options options, Consumer<String> progress) {
        boolean includeEnv = options.includeEnv();
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
            Path target = out.orElseGet(() -> unusedName("portico-" + instance.instanceId().substring(0, 8) + "-"
                    + FILE_TIME.format(now) + "-v" + porticoVersion + "-s" + state.current()));
            List<TableSchema> tables = new SchemaReader(snapshot.connection(), engine).tables();
            List<Path> storageFiles = options.includeFiles() ? StorageFiles.list(storage, sqliteFile()) : List.of();
            checkSpace(target, storageFiles);
            progress.accept("Backing up " + tables.size() + " tables from the " + database.describe() + " (schema "
                    + state.current() + ", instance " + instance.instanceId() + ") to " + target);
            TableDump dump = new TableDump(TableRows.live(snapshot.connection(), engine));
            try (ArchiveWriter archive = open(target)) {
                List<BackupManifest.TableEntry> entries = new ArrayList<>();
                for (TableSchema table : tables) {
                    String file = "data/" + table.name() + ".ndjson";
                    ArchiveWriter.Written<Long> written = archive.entry(file, stream -> dump.write(table, stream));
                    entries.add(new BackupManifest.TableEntry(table.name(), file, written.result(), written.sha256(),
                            table.columns()));
                    progress.accept(String.format("  %-22s %,10d rows", table.name(), written.result()));
                }
                String fingerprint = KeyCanary.fingerprintOf(instance.keyCanary());
                List<BackupManifest.FileEntry> files = writeExtras(archive, options, fingerprint, storageFiles, progress);
                BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, porticoVersion,
                        state.current(), engine.connectionName(), instance.instanceId(), CREATED_AT.format(now),
                        fingerprint, includeEnv, options.wrappedKey() != null, options.includeFiles(), entries, files);
                archive.finish(manifest);
                archive.commit();
                return new BackupResult(target, Files.size(target), manifest, archive.fileSha256());
            } catch (IOException e) {
                if (DiskSpace.isDiskFull(e)) {
                    throw diskFull(target, e);
                }
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
            if (DiskSpace.isDiskFull(e)) {
                throw diskFull(out.orElse(backupsFolder), e);
            }
            throw new PorticoException(ErrorCode.FAILED, "The backup failed; no archive was left behind: " + e
                    + ". The log has the details; run the backup again once the cause is fixed.", e);
        }
    }

    // readThrough is upgrade's first step (its only caller)
    private static final String NOT_STARTED = "The upgrade did not start and the instance is still up: fix the cause, "
            + "then run `portico upgrade` again.";

    /**
     * Reads every table as {@link #backup} does, through the same serialisation into a digest, and writes
     * nothing: a value that cannot be backed up fails here, and by the time the backup runs its code is
     * compiled and the rows are in the database's cache. {@code upgrade} does this before maintenance mode, so
     * none of it is downtime. Returns the rows read.
     */
    public long readThrough() {
        DatabaseEngine engine = database.engine();
        try (Snapshot snapshot = Snapshot.begin(database.connect(), engine)) {
            TableComparison tables = new TableComparison(new TableDump(TableRows.live(snapshot.connection(), engine)), null);
            List<BackupManifest.TableEntry> entries = new ArrayList<>();
            for (TableSchema table : new SchemaReader(snapshot.connection(), engine).columnsOnly()) {
                TableComparison.Dumped dumped = tables.dump(table);
                entries.add(new BackupManifest.TableEntry(table.name(), "data/" + table.name() + ".ndjson", dumped.rows(),
                        dumped.sha256(), table.columns()));
            }
            // Jackson builds its mapping of the manifest on first use (~0.1 s): through it once here, so the backup
            // writing its manifest and the check reading it back do not pay that
            BackupManifest read = new BackupManifest(BackupManifest.FORMAT_VERSION, porticoVersion, 0,
                    engine.connectionName(), "", "", "", false, false, false, entries, List.of());
            ArchiveWriter.MANIFEST_JSON.readValue(ArchiveWriter.MANIFEST_JSON.writeValueAsBytes(read), BackupManifest.class);
            return read.totalRows();
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.FAILED, "Reading the " + database.describe() + " before the backup "
                    + "failed; nothing was written: " + scrub(e.getMessage()) + ". " + NOT_STARTED, e);
        } catch (PorticoException e) {
            throw e;
        } catch (Exception e) {
            throw new PorticoException(ErrorCode.FAILED, "Reading the " + database.describe() + " before the backup "
                    + "failed; nothing was written: " + e + ". " + NOT_STARTED, e);
        }
    }

    private List<BackupManifest.FileEntry> writeExtras(ArchiveWriter archive, Options options, String fingerprint,
                                                       List<Path> storageFiles, Consumer<String> progress) throws Exception {
        List<BackupManifest.FileEntry> files = new ArrayList<>();
        if (options.includeEnv()) {
            files.add(add(archive, ENV_ENTRY, stream -> Files.copy(envFile, stream)));
            progress.accept("  .env added: it holds APP_KEY, so this archive opens every sealed secret. "
                    + "Keep it as safe as the key.");
        }
        if (options.wrappedKey() != null) {
            if (!options.wrappedKey().fingerprint().equals(fingerprint)) {
                throw new PorticoException(ErrorCode.REFUSED, "The key to wrap has fingerprint "
                        + options.wrappedKey().fingerprint() + ", but the database is sealed with " + fingerprint
                        + "; nothing was written. Set APP_KEY to the key the database is sealed with.");
            }
            byte[] json = KeyEntry.json(options.wrappedKey());
            files.add(add(archive, KeyEntry.ENTRY, stream -> {
                stream.write(json);
                return null;
            }));
            progress.accept("  APP_KEY added, wrapped under the passphrase (" + KeyWrap.KDF + "): keep the passphrase "
                    + "apart from the archive.");
        }
        long bytes = 0;
        for (Path file : storageFiles) {
            BackupManifest.FileEntry entry = add(archive, StorageFiles.entryName(storage, file),
                    stream -> Files.copy(file, stream));
            files.add(entry);
            bytes += entry.bytes();
        }
        if (options.includeFiles()) {
            progress.accept(String.format("  %-22s %,10d files (%s)", "storage/app", storageFiles.size(),
                    DiskSpace.human(bytes)));
        }
        return files;
    }

    private static BackupManifest.FileEntry add(ArchiveWriter archive, String name, ArchiveWriter.EntryBody<?> body)
            throws Exception {
        ArchiveWriter.Written<?> written = archive.entry(name, body);
        return new BackupManifest.FileEntry(name, written.bytes(), written.sha256());
    }

    /** Refuses a backup whose folder obviously cannot hold it: less than the storage files plus 1 MB free. */
    private void checkSpace(Path target, List<Path> storageFiles) throws IOException {
        long needed = MIN_FREE;
        for (Path file : storageFiles) {
            needed += Files.size(file);
        }
        long free = DiskSpace.usable(target);
        if (free < needed) {
            throw new PorticoException(ErrorCode.REFUSED, "The disk of " + target.getParent() + " has "
                    + DiskSpace.human(free) + " free, but the backup needs at least " + DiskSpace.human(needed)
                    + "; nothing was written. Free some space, or choose another folder with --out.");
        }
    }

    private static PorticoException diskFull(Path target, Exception cause) {
        return new PorticoException(ErrorCode.FAILED, "The disk is full: writing the backup " + target
                + " ran out of space; the partial file was deleted and no archive was left behind. Free some space, "
                + "or choose another folder with --out.", cause);
    }

    private Path sqliteFile() {
        return database.engine() == DatabaseEngine.SQLITE ? database.settings().sqliteFile() : null;
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
