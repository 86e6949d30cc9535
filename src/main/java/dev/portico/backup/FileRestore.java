package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Restores storage/app from an archive in two steps: {@link #stage} extracts every file (checked against
 * its SHA-256) into a hidden folder under storage/ before the database is touched; {@link #commit}, after
 * the load succeeded, moves the current storage/app aside and the staged one into place (renames on one
 * disk). Closing without a commit deletes the staged files. Not thread-safe.
 */
public final class FileRestore implements AutoCloseable {
    private final Path storage;
    private final Path staging;
    private final int count;
    private boolean committed;

    private FileRestore(Path storage, Path staging, int count) {
        this.storage = storage;
        this.staging = staging;
        this.count = count;
    }

    public static FileRestore stage(Path archive, BackupManifest manifest, Path storage) {
        Path staging = null;
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Files.createDirectories(storage);
            staging = Files.createTempDirectory(storage, ".portico-restore-");
            Files.createDirectories(staging.resolve(StorageFiles.FOLDER));
            for (BackupManifest.FileEntry file : manifest.storageFiles()) {
                extract(zip, file, StorageFiles.resolve(staging, file.path()), archive);
            }
            return new FileRestore(storage, staging, manifest.storageFiles().size());
        } catch (IOException | RuntimeException e) {
            delete(staging);
            if (e instanceof PorticoException known) {
                throw known;
            }
            throw new PorticoException(ErrorCode.FAILED, (DiskSpace.isDiskFull(e) ? "The disk is full: " : "")
                    + "Extracting the storage files of " + archive + " into " + storage + " failed (" + e.getMessage()
                    + "); nothing was restored and storage/app is unchanged.", e);
        }
    }

    private static void extract(ZipFile zip, BackupManifest.FileEntry file, Path target, Path archive) throws IOException {
        ZipEntry entry = zip.getEntry(file.path());
        if (entry == null) {
            throw damaged(archive, file.path() + " is missing");
        }
        Files.createDirectories(target.getParent());
        long bytes;
        String sha256;
        try (InputStream in = zip.getInputStream(entry);
             DigestOutputStream out = new DigestOutputStream(Files.newOutputStream(target), ArchiveWriter.sha256())) {
            bytes = in.transferTo(out);
            sha256 = HexFormat.of().formatHex(out.getMessageDigest().digest());
        }
        if (bytes != file.bytes() || !sha256.equals(file.sha256())) {
            throw damaged(archive, file.path() + " has " + bytes + " bytes with SHA-256 " + sha256 + ", the manifest says "
                    + file.bytes() + " with " + file.sha256());
        }
    }

    /** Puts the staged files in place; returns where the previous storage/app was kept (null: there was none). */
    public Path commit() {
        Path current = storage.resolve(StorageFiles.FOLDER);
        Path kept = null;
        try {
            if (Files.exists(current)) {
                String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
                kept = storage.resolve(StorageFiles.FOLDER + "." + EnvRestore.BACKUP_LABEL + "-" + stamp);
                Files.move(current, kept, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging.resolve(StorageFiles.FOLDER), current, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
            delete(staging);
            return kept;
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "The database is restored, but moving the restored files into "
                    + current + " failed (" + e.getMessage() + "). They are in " + staging.resolve(StorageFiles.FOLDER)
                    + (kept == null ? "" : "; the previous files are in " + kept) + ": move them by hand.", e);
        }
    }

    public int count() {
        return count;
    }

    @Override
    public void close() {
        if (!committed) {
            delete(staging);
        }
    }

    private static PorticoException damaged(Path archive, String detail) {
        return new PorticoException(ErrorCode.CHECKS_FAILED, archive + " is damaged or was edited: " + detail
                + ". Nothing was restored; use another backup.");
    }

    private static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover hidden staging folder is harmless and named .portico-restore-*
        }
    }
}
