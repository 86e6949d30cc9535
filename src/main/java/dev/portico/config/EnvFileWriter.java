package dev.portico.config;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code .env}: creates it (mode 600) for a new instance and sets keys in place. Every write
 * goes to a temporary file that replaces the old one atomically, so a crash never leaves half a file.
 */
public final class EnvFileWriter {
    private EnvFileWriter() {
    }

    /** Creates {@code .env} with the given APP_KEY unless it exists; returns true when it was created. */
    public static boolean createIfMissing(Path envFile, String encodedKey) {
        if (Files.exists(envFile)) {
            return false;
        }
        List<String> lines = List.of(
                "# Portico instance configuration. Keep this file: APP_KEY seals the secrets in the system database.",
                "APP_KEY=" + encodedKey,
                "APP_ENV=production",
                "APP_DEBUG=false",
                "APP_LOG_LEVEL=info",
                "",
                "# System database: sqlite (default, under storage/), pgsql or mysql.",
                "DB_CONNECTION=sqlite",
                "",
                "CACHE_DRIVER=file");
        write(envFile, lines, false);
        return true;
    }

    /**
     * Sets one key, keeping every other line; the previous file is kept beside it as
     * {@code .env.backup-<UTC time>} (mode 600). Returns the backup's path, or null when there was no file.
     */
    public static Path set(Path envFile, String key, String value) {
        List<String> lines = new ArrayList<>();
        Path backup = null;
        try {
            if (Files.exists(envFile)) {
                lines.addAll(Files.readAllLines(envFile, StandardCharsets.UTF_8));
                backup = freshBackupName(envFile, "backup");
                Files.copy(envFile, backup, StandardCopyOption.COPY_ATTRIBUTES);
                restrict(backup);
            }
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot back up " + envFile + " before changing it ("
                    + e.getClass().getSimpleName() + "). Check that the folder is writable; nothing was changed.", e);
        }
        String line = key + "=" + DotenvFile.quote(value);
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            String current = lines.get(i).strip();
            if (current.startsWith(key + "=") || current.startsWith("export " + key + "=")) {
                lines.set(i, line);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(line);
        }
        write(envFile, lines, true);
        return backup;
    }

    /**
     * Replaces the whole file with {@code lines}; the previous file, if any, is kept beside it as
     * {@code .env.<label>-<UTC time>} (mode 600). Returns that copy's path, or null when there was no file.
     */
    public static Path replace(Path envFile, List<String> lines, String label) {
        Path backup = null;
        try {
            if (Files.exists(envFile)) {
                backup = freshBackupName(envFile, label);
                Files.copy(envFile, backup, StandardCopyOption.COPY_ATTRIBUTES);
                restrict(backup);
            }
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot keep a copy of " + envFile + " before replacing it ("
                    + e.getClass().getSimpleName() + "). Check that the folder is writable; nothing was changed.", e);
        }
        write(envFile, lines, true);
        return backup;
    }

    /** A backup name not yet taken: two quick changes must never overwrite the older backup. */
    private static Path freshBackupName(Path envFile, String label) {
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path candidate = envFile.resolveSibling(envFile.getFileName() + "." + label + "-" + stamp);
        for (int attempt = 2; Files.exists(candidate); attempt++) {
            candidate = envFile.resolveSibling(envFile.getFileName() + "." + label + "-" + stamp + "-" + attempt);
        }
        return candidate;
    }

    /** Replaces {@code file} (mode 600) with exactly these entries under a comment line. */
    public static void writeAll(Path file, String comment, java.util.Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        lines.add("# " + comment);
        values.forEach((key, value) -> lines.add(key + "=" + DotenvFile.quote(value)));
        write(file, lines, true);
    }

    private static void write(Path envFile, List<String> lines, boolean replace) {
        Path folder = envFile.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, ".env", ".tmp");
            restrict(temporary);
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            if (replace) {
                moveReplacing(temporary, envFile);
            } else {
                // without REPLACE_EXISTING the move refuses to overwrite a .env created meanwhile
                Files.move(temporary, envFile);
            }
            restrict(envFile);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new PorticoException(ErrorCode.FAILED, "Cannot write " + envFile + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). Make the folder writable by this user;"
                    + " the previous file, if any, is unchanged.", e);
        }
    }

    private static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // on file systems without POSIX permissions the folder's rules apply
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stray temporary file is harmless; it never replaces .env
            }
        }
    }
}
