package dev.portico.backup;

import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DatabaseSettings;
import dev.portico.crypto.AppKey;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code backup:verify --restore-test}: restores an archive into a throwaway SQLite database in a
 * temporary folder under the instance's storage, verifies the result against the archive, and deletes
 * the folder whatever happened; the folder left by a killed earlier run is deleted by the next run. Never opens the configured system database. Not thread-safe.
 */
public final class RestoreTest {
    private static final String PREFIX = ".restore-test-";

    private final Optional<AppKey> key;
    private final BuildInfo build;
    private final Duration lockTimeout;
    private final Path scratchParent;
    private final Path home;

    public RestoreTest(Optional<AppKey> key, BuildInfo build, Duration lockTimeout, Path scratchParent, Path home) {
        this.key = key;
        this.build = build;
        this.lockTimeout = lockTimeout;
        this.scratchParent = scratchParent;
        this.home = home;
    }

    /** Restores the (already verified) archive into a scratch database and verifies it there. */
    public Verification run(ArchiveVerifier.Verified archive, Consumer<String> progress) {
        Path scratch = createScratch();
        Verification result;
        try {
            result = restoreAndVerify(archive, scratch, progress);
        } catch (RuntimeException e) {
            try {
                delete(scratch);
            } catch (PorticoException leftBehind) {
                e.addSuppressed(leftBehind);
            }
            throw e;
        }
        delete(scratch);
        return result;
    }

    private Verification restoreAndVerify(ArchiveVerifier.Verified archive, Path scratch, Consumer<String> progress) {
        DatabaseSettings settings = new DatabaseSettings(DatabaseEngine.SQLITE, null, 0, null, null, null,
                scratch.resolve("portico.sqlite"));
        try (SystemDatabase database = new SystemDatabase(settings, 1)) {
            progress.accept("Restore test: restoring into a throwaway SQLite database in " + scratch);
            Lifecycle lifecycle = new Lifecycle(database, key, build, lockTimeout);
            new RestoreService(database, new RestoreChecks(database, key), lifecycle, lockTimeout, scratch)
                    .restore(archive.file(), false, progress);
            progress.accept("Restore test: verifying the restored database against the archive");
            return new Verifier(database, key, home).against(archive);
        }
    }

    private Path createScratch() {
        try {
            Files.createDirectories(scratchParent);
            sweepAbandoned(scratchParent);
            return Files.createTempDirectory(scratchParent, PREFIX + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot create a temporary folder in " + scratchParent
                    + " for the restore test (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "). Check its free space and permissions.", e);
        }
    }

    /**
     * Deletes the folders of earlier restore tests whose process is gone (killed before it could clean
     * up): their names carry the pid. A folder of a running process, or without a pid, is left alone.
     */
    static void sweepAbandoned(Path parent) throws IOException {
        try (Stream<Path> folders = Files.list(parent)) {
            for (Path folder : folders.toList()) {
                String name = folder.getFileName().toString();
                if (!name.startsWith(PREFIX) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String[] parts = name.substring(PREFIX.length()).split("-", 2);
                if (parts.length == 2 && parts[0].matches("[0-9]{1,18}")
                        && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                    delete(folder);
                }
            }
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "The restore test could not delete its temporary folder "
                    + folder + " (" + e.getMessage() + "); delete it by hand.", e);
        }
    }
}
