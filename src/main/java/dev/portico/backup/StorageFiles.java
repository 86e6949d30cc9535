package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The instance's data files: everything under {@code storage/app/} (uploads, file-service roots).
 * The other storage folders are not data: {@code databases/} is the system database (in the tables
 * of the archive), {@code logs/} and {@code cache/} are rebuilt, {@code backups/} holds archives.
 * In an archive each file is {@code files/<path under storage/>}. Stateless.
 */
final class StorageFiles {
    static final String PREFIX = "files/";
    static final String FOLDER = "app";
    private static final Pattern BAD_SEGMENT = Pattern.compile("|\\.|\\.\\.");

    private StorageFiles() {
    }

    /**
     * The regular files under storage/app, sorted; symbolic links are not followed, and the SQLite
     * system database with its -wal/-shm/-journal files is left out if it was put there.
     */
    static List<Path> list(Path storage, Path sqliteFile) throws IOException {
        Path root = storage.resolve(FOLDER);
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        String database = sqliteFile == null ? null : sqliteFile.toAbsolutePath().normalize().toString();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> database == null || !file.toAbsolutePath().normalize().toString().startsWith(database))
                    .sorted().toList();
        }
    }

    /** The archive entry of a file under storage/. */
    static String entryName(Path storage, Path file) {
        return PREFIX + storage.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * Whether an archive entry names a file inside storage/app without any way out: relative,
     * '/'-separated, no empty, '.' or '..' segment, no backslash or NUL. A hostile archive fails here.
     */
    static boolean isSafeEntry(String entry) {
        if (!entry.startsWith(PREFIX + FOLDER + "/") || entry.indexOf('\\') >= 0 || entry.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : entry.substring(PREFIX.length()).split("/", -1)) {
            if (BAD_SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Where an entry goes under {@code root} (storage/ or a staging folder shaped like it); never outside it. */
    static Path resolve(Path root, String entry) {
        Path base = root.toAbsolutePath().normalize();
        Path target = base.resolve(entry.substring(PREFIX.length())).normalize();
        if (!isSafeEntry(entry) || !target.startsWith(base.resolve(FOLDER))) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, "The archive names a file outside storage/app ("
                    + entry + "): it is damaged or hostile. Nothing was written; do not restore it.");
        }
        return target;
    }
}
