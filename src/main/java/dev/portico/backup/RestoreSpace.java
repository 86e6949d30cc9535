package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseSettings;
import dev.portico.config.DatabaseEngine;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Whether the disks a restore writes to have room, estimated before anything is written: a SQLite target
 * needs {@value #SQLITE_FACTOR} times the archive's uncompressed row data (the rows, their indexes, and
 * the write-ahead log that holds the whole load until it commits); restored storage files need their
 * size. A server's disk (PostgreSQL, MySQL/MariaDB) cannot be seen from here, which the plan says.
 * Stateless.
 */
final class RestoreSpace {
    static final int SQLITE_FACTOR = 3;

    private record Need(String what, Path folder, long bytes) {
    }

    private RestoreSpace() {
    }

    /** Checks the space; returns one line per disk for the plan; throws (exit 4) naming needed and free. */
    static List<String> check(Path archive, BackupManifest manifest, DatabaseSettings database, Path filesStorage)
            throws IOException {
        long data = dataBytes(archive, manifest);
        List<String> notes = new ArrayList<>();
        Map<FileStore, List<Need>> needs = new LinkedHashMap<>();
        if (database.engine() == DatabaseEngine.SQLITE) {
            Path folder = database.sqliteFile().toAbsolutePath().getParent();
            needs.computeIfAbsent(DiskSpace.store(folder), store -> new ArrayList<>())
                    .add(new Need("the SQLite database", folder, data * SQLITE_FACTOR));
        } else {
            notes.add("the " + database.engine().displayName() + " server's disk is not visible from here: it needs room "
                    + "for about " + DiskSpace.human(data) + " of rows plus their indexes; check it on the server");
        }
        if (filesStorage != null) {
            long files = manifest.storageFiles().stream().mapToLong(BackupManifest.FileEntry::bytes).sum();
            Path folder = filesStorage.resolve(StorageFiles.FOLDER);
            needs.computeIfAbsent(DiskSpace.store(filesStorage), store -> new ArrayList<>())
                    .add(new Need("the storage files", folder, files));
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<FileStore, List<Need>> disk : needs.entrySet()) {
            long needed = disk.getValue().stream().mapToLong(Need::bytes).sum();
            long free = disk.getKey().getUsableSpace();
            String what = String.join(" and ", disk.getValue().stream()
                    .map(need -> need.what() + " (" + need.folder() + ")").toList());
            String line = what + ": needs about " + DiskSpace.human(needed) + ", " + DiskSpace.human(free) + " free";
            notes.add(line);
            if (free < needed) {
                problems.add(line);
            }
        }
        if (!problems.isEmpty()) {
            throw new PorticoException(ErrorCode.REFUSED, "Not enough free disk space for the restore of " + archive
                    + ": " + String.join("; ", problems) + ". Free some space or restore elsewhere; nothing was written.");
        }
        return notes;
    }

    /** The uncompressed size of the row data, from the ZIP's central directory (old archives have it too). */
    private static long dataBytes(Path archive, BackupManifest manifest) throws IOException {
        long bytes = 0;
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (BackupManifest.TableEntry table : manifest.tables()) {
                ZipEntry entry = zip.getEntry(table.file());
                bytes += entry == null ? 0 : Math.max(0, entry.getSize());
            }
        }
        return bytes;
    }
}
