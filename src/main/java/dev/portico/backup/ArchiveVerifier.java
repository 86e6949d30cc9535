package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks an archive end to end without touching a database: the ZIP is complete, the manifest reads,
 * every data file hashes to its SHA-256 and holds its row count of well-typed rows, and nothing is
 * missing or extra. Streams each entry. Stateless and thread-safe.
 */
public final class ArchiveVerifier {
    /** A verified archive: its manifest and size. */
    public record Verified(Path file, long bytes, BackupManifest manifest) {
    }

    /** Verifies {@code file}; throws a {@link PorticoException} (exit 3) naming every problem found. */
    public Verified verify(Path file) {
        return verify(file, true);
    }

    /**
     * As {@link #verify}, but reads no table data: the ZIP, the manifest, every entry present and nothing
     * extra, the small files (.env, key, storage files) hashed. For a restore, which checks each table's
     * SHA-256 and row count while it loads it ({@link ArchiveRows}), inside its transaction.
     */
    Verified verifyEntries(Path file) {
        return verify(file, false);
    }

    private Verified verify(Path file, boolean rows) {
        if (!Files.isRegularFile(file)) {
            throw missing(file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            BackupManifest manifest = ManifestReader.read(zip, file);
            List<String> problems = new ArrayList<>();
            Set<String> expected = new LinkedHashSet<>(Set.of(BackupManifest.ENTRY));
            for (BackupManifest.TableEntry table : manifest.tables()) {
                expected.add(table.file());
                if (rows) {
                    checkTable(zip, table, problems);
                } else if (zip.getEntry(table.file()) == null) {
                    problems.add(missing(table));
                }
            }
            for (BackupManifest.FileEntry entry : manifest.files()) {
                expected.add(entry.path());
                if (!knownPath(entry.path())) {
                    problems.add(entry.path() + " is not a place an archive may write to (only env/.env, "
                            + KeyEntry.ENTRY + " and files/app/…, with no '..' or empty segment)");
                    continue;
                }
                checkFile(zip, entry, problems);
            }
            zip.stream().map(ZipEntry::getName).filter(name -> !expected.contains(name))
                    .forEach(name -> problems.add(name + " is in the archive but not in its manifest"));
            if (!problems.isEmpty()) {
                throw damaged(file, String.join("; ", problems));
            }
            return new Verified(file, Files.size(file), manifest);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The error for an archive that could not be opened or read: damaged (exit 3), missing, or unreadable. */
    static PorticoException unreadable(Path file, IOException e) {
        if (e instanceof ZipException) {
            return new PorticoException(ErrorCode.CHECKS_FAILED, file + " is not a complete ZIP archive ("
                    + e.getMessage() + "): it is truncated, damaged, or not a Portico backup. Use another backup.", e);
        }
        if (e instanceof NoSuchFileException) {
            return missing(file);
        }
        return new PorticoException(ErrorCode.FAILED, "Cannot read " + file + ": " + e.getMessage()
                + ". Check that the file is readable by this user.", e);
    }

    private static PorticoException missing(Path file) {
        return new PorticoException(ErrorCode.FAILED, "There is no archive at " + file + ". Check the path; "
                + "`portico backup:list` shows the archives in storage/backups.");
    }

    private static boolean knownPath(String path) {
        return path.equals(BackupService.ENV_ENTRY) || path.equals(KeyEntry.ENTRY) || StorageFiles.isSafeEntry(path);
    }

    private static void checkTable(ZipFile zip, BackupManifest.TableEntry table, List<String> problems) {
        ZipEntry entry = zip.getEntry(table.file());
        if (entry == null) {
            problems.add(missing(table));
            return;
        }
        try (DigestInputStream in = new DigestInputStream(zip.getInputStream(entry), ArchiveWriter.sha256())) {
            long rows = RowReader.read(in, table.columns(), values -> { });
            in.transferTo(OutputStream.nullOutputStream());
            String sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
            if (!sha256.equals(table.sha256())) {
                problems.add(table.file() + " has SHA-256 " + sha256 + ", the manifest says " + table.sha256());
            }
            if (rows != table.rows()) {
                problems.add(table.file() + " holds " + rows + " rows, the manifest says " + table.rows());
            }
        } catch (RowReader.BadRow e) {
            problems.add(table.file() + ": " + e.getMessage());
        } catch (Exception e) {
            problems.add(table.file() + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static String missing(BackupManifest.TableEntry table) {
        return table.file() + " (table " + table.name() + ") is missing";
    }

    /** The error for an archive whose content does not match its manifest (exit 3). */
    static PorticoException damaged(Path file, String problems) {
        return new PorticoException(ErrorCode.CHECKS_FAILED, file + " is damaged or was edited: " + problems
                + ". Do not restore it; use another backup.");
    }

    private static void checkFile(ZipFile zip, BackupManifest.FileEntry file, List<String> problems) {
        ZipEntry entry = zip.getEntry(file.path());
        if (entry == null) {
            problems.add(file.path() + " is missing");
            return;
        }
        try (DigestInputStream in = new DigestInputStream(zip.getInputStream(entry), ArchiveWriter.sha256())) {
            long bytes = in.transferTo(OutputStream.nullOutputStream());
            String sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
            if (!sha256.equals(file.sha256()) || bytes != file.bytes()) {
                problems.add(file.path() + " has " + bytes + " bytes with SHA-256 " + sha256 + ", the manifest says "
                        + file.bytes() + " bytes with " + file.sha256());
            }
        } catch (IOException e) {
            problems.add(file.path() + " cannot be read (" + e.getMessage() + ")");
        }
    }
}
