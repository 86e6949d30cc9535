package dev.portico.backup;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Free space of the disk a path is (or will be) on, and recognising a full disk in a failure. Stateless. */
public final class DiskSpace {
    private DiskSpace() {
    }

    /** The file store of {@code path}, or of its nearest existing parent when it does not exist yet. */
    public static FileStore store(Path path) throws IOException {
        Path existing = path.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("no existing folder above " + path);
        }
        return Files.getFileStore(existing);
    }

    public static long usable(Path path) throws IOException {
        return store(path).getUsableSpace();
    }

    /** Whether a failure (or one of its causes) is the disk being full: ENOSPC from the kernel, SQLITE_FULL. */
    static boolean isDiskFull(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device") || message.contains("sqlite_full")
                    || message.contains("database or disk is full")) {
                return true;
            }
        }
        return false;
    }

    /** Bytes for people: 1,234 bytes, 12.3 MB, 4.5 GB (decimal units, as df -H shows them). */
    public static String human(long bytes) {
        if (bytes < 10_000) {
            return String.format(Locale.ROOT, "%,d bytes", bytes);
        }
        double value = bytes;
        String[] units = {"kB", "MB", "GB", "TB"};
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
