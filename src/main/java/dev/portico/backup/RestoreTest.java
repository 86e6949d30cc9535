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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code backup:verify --restore-test}: restores an archive into a throwaway SQLite database in a
 * temporary folder under the instance's storage, verifies the result against the archive, and deletes
 * the folder whatever happened. Never opens the configured system database. Not thread-safe.
 */
public final class RestoreTest {
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
            return Files.createTempDirectory(scratchParent, ".restore-test-");
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot create a temporary folder in " + scratchParent
                    + " for the restore test (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "). Check its free space and permissions.", e);
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
