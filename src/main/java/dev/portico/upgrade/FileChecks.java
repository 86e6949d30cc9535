package dev.portico.upgrade;

import dev.portico.backup.Check;
import dev.portico.backup.DiskSpace;
import dev.portico.config.CacheDriver;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.PorticoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The checks of doctor on the instance folder: {@code .env} permissions, the folders, free disk. Stateless. */
final class FileChecks {
    static final long MIN_FREE_BYTES = 1_000_000_000L;
    private static final Pattern ENV_FILE = Pattern.compile("\\.env(\\.backup-.*|\\.before-.*)?");
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private FileChecks() {
    }

    /**
     * {@code .env}, the copies Portico keeps of it ({@code .env.backup-*}, {@code .env.before-*}) and the
     * {@code config:cache} snapshot hold APP_KEY: owner only. An {@code .env.example} is not Portico's.
     */
    static Finding envFiles(Path home) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(home)) {
            listing.filter(f -> ENV_FILE.matcher(f.getFileName().toString()).matches())
                    .filter(Files::isRegularFile).sorted().forEach(files::add);
            Path snapshot = PorticoConfig.cacheFile(home);
            if (Files.isRegularFile(snapshot)) {
                files.add(snapshot);
            }
        } catch (IOException e) {
            return Finding.of(Check.failed("env file", "cannot list " + home + " (" + e.getClass().getSimpleName() + ")",
                    "Make the instance folder readable by this user."));
        }
        if (files.isEmpty()) {
            return Finding.of(Check.ok("env file", "no .env in " + home + ": the configuration comes from the environment"));
        }
        List<String> open = new ArrayList<>();
        List<Path> toFix = new ArrayList<>();
        try {
            for (Path file : files) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    open.add(home.relativize(file) + " has mode " + mode(permissions));
                    toFix.add(file);
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            return Finding.of(Check.skipped("env file", "this file system has no POSIX permissions; make sure only "
                    + "Portico's user can read .env"));
        } catch (IOException e) {
            return Finding.of(Check.failed("env file", "cannot read the permissions of .env ("
                    + e.getClass().getSimpleName() + ")", "Make .env readable by this user."));
        }
        if (open.isEmpty()) {
            return Finding.of(Check.ok("env file", (files.size() == 1 ? home.relativize(files.get(0)) + " is"
                    : files.size() + " files (" + String.join(", ", files.stream().map(f -> home.relativize(f)
                    .toString()).toList()) + ") are") + " readable by the owner only"));
        }
        Check check = Check.failed("env file", String.join("; ", open) + ": readable by group or others, and it holds "
                + "APP_KEY and the database password", "chmod 600 " + String.join(" ",
                toFix.stream().map(f -> home.relativize(f).toString()).toList()) + " (`portico doctor --fix` does it)");
        return Finding.repairable(check, "chmod 600 on .env", () -> {
            List<String> done = new ArrayList<>();
            for (Path file : toFix) {
                String before = mode(Files.getPosixFilePermissions(file));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                done.add(home.relativize(file) + " " + before + " → 600");
            }
            return "set " + String.join(", ", done);
        });
    }

    /** The folders Portico writes to must be folders and writable; a missing one is made on first use, or by --fix. */
    static Finding folders(Path home, PorticoConfig config) {
        Path storage = home.resolve("storage");
        Set<Path> folders = new LinkedHashSet<>(List.of(storage, storage.resolve("logs"), storage.resolve("cache"),
                storage.resolve("backups")));
        if (config != null && config.cache().driver() == CacheDriver.FILE) {
            folders.add(storage.resolve("cache").resolve("data"));
        }
        if (config != null && config.database().engine() == DatabaseEngine.SQLITE) {
            folders.add(config.database().sqliteFile().toAbsolutePath().getParent());
        }
        String user = ProcessHandle.current().info().user().orElse("this user");
        List<String> broken = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        for (Path folder : folders) {
            Path blocker = fileInTheWay(folder);
            if (blocker != null) {
                broken.add(home.relativize(folder) + ": " + blocker + " is a file, not a folder");
            } else if (!Files.exists(folder)) {
                missing.add(folder);
            } else if (!Files.isWritable(folder)) {
                broken.add(home.relativize(folder) + " is not writable by " + user);
            }
        }
        List<String> missingNames = missing.stream().map(f -> home.relativize(f).toString()).toList();
        if (!broken.isEmpty()) {
            return Finding.of(Check.failed("folders", String.join("; ", broken) + (missing.isEmpty() ? ""
                    : "; missing: " + String.join(", ", missingNames)), "Move a file that sits where a folder "
                    + "should be out of the way, and give " + user + " the folders: chown -R " + user + " storage/ "
                    + "&& chmod -R u+rwX storage/. `portico doctor --fix` then creates what is missing."));
        }
        String present = folders.size() - missing.size() + " folders writable by " + user;
        if (!missing.isEmpty()) {
            // Portico makes each of them when it first writes there, so a missing one is no problem
            Check check = Check.ok("folders", present + "; " + String.join(", ", missingNames) + " not there yet "
                    + "(made on first use, or now by `portico doctor --fix`)");
            return Finding.repairable(check, "create the missing folders", () -> {
                for (Path folder : missing) {
                    Files.createDirectories(folder);
                }
                return "created " + String.join(", ", missingNames);
            });
        }
        return Finding.of(Check.ok("folders", present + " (" + String.join(", ",
                folders.stream().map(f -> home.relativize(f).toString()).toList()) + ")"));
    }

    /** The first path at or above {@code folder} that exists but is not a folder, or null. */
    private static Path fileInTheWay(Path folder) {
        for (Path step = folder; step != null; step = step.getParent()) {
            if (Files.exists(step)) {
                return Files.isDirectory(step) ? null : step;
            }
        }
        return null;
    }

    /** Free space where backups go: at least 1 GB, and twice the database when its size is known (-1 otherwise). */
    static Finding disk(Path home, long databaseBytes) {
        Path storage = home.resolve("storage");
        long free;
        try {
            free = DiskSpace.usable(storage);
        } catch (IOException e) {
            return Finding.of(Check.failed("free disk", "cannot read the free space of " + storage + " ("
                    + e.getMessage() + ")", "Check that the instance folder exists and is readable."));
        }
        long needed = Math.max(MIN_FREE_BYTES, databaseBytes > 0 ? 2 * databaseBytes : 0);
        String size = databaseBytes < 0 ? "database size unknown" : "the database is " + DiskSpace.human(databaseBytes);
        String detail = DiskSpace.human(free) + " free for " + storage + " (wanted: " + DiskSpace.human(needed)
                + ", at least 1 GB and twice the database; " + size + ")";
        if (free < needed) {
            return Finding.of(Check.warn("free disk", detail, "Free space on that disk, or move old archives out of "
                    + "storage/backups (`portico backup:list --keep N`): a backup or restore may not fit."));
        }
        return Finding.of(Check.ok("free disk", detail));
    }

    private static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return Integer.toOctalString(mode);
    }
}
