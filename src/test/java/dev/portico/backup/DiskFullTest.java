package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.App;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups and restores on a real full disk (a small tmpfs): a clear error, no partial file, the target as it was. */
class DiskFullTest {
    @TempDir
    Path folder;

    /** An instance whose role table holds {@code megabytes} of incompressible text in {@code rows} rows. */
    private TestInstance sourceWith(int rows, int megabytes) throws Exception {
        TestInstance source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("src")));
        assertEquals(0, source.run("migrate", "--seed").exitCode());
        SecureRandom random = new SecureRandom();
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        int each = megabytes * 1_000_000 / rows * 3 / 4;
        try (App app = new App(source.home(), source.environment())) {
            app.database().transaction(handle -> {
                for (int i = 0; i < rows; i++) {
                    byte[] bytes = new byte[each];
                    random.nextBytes(bytes);
                    handle.update("INSERT INTO role (name, description, is_active, created_at, updated_at) VALUES "
                            + "(?, ?, ?, ?, ?)", "bulk-" + i, Base64.getEncoder().encodeToString(bytes), true, at, at);
                }
                return null;
            });
        }
        return source;
    }

    @Test
    void a_backup_onto_a_full_disk_fails_with_exit_1_says_so_and_leaves_no_partial_file() throws Exception {
        try (TestInstance source = sourceWith(10, 3); SmallDisk disk = SmallDisk.mount(folder.resolve("disk"), 2)) {
            TestInstance.Result result = source.run("backup", "--out", disk.path().resolve("x.zip").toString());
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("disk is full"), result.toString());
            try (Stream<Path> left = Files.list(disk.path())) {
                assertEquals(0, left.count(), "no .partial and no archive left");
            }
        }
    }

    @Test
    void a_backup_into_an_obviously_too_full_folder_is_refused_before_writing() throws Exception {
        try (TestInstance source = sourceWith(1, 1); SmallDisk disk = SmallDisk.mount(folder.resolve("disk"), 2)) {
            SmallDisk.fill(disk.path().resolve("filler"));
            TestInstance.Result result = source.run("backup", "--out", disk.path().resolve("x.zip").toString());
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("free") && result.err().contains("needs at least"), result.toString());
            try (Stream<Path> left = Files.list(disk.path())) {
                assertFalse(left.anyMatch(p -> p.getFileName().toString().endsWith(".partial")
                        || p.getFileName().toString().endsWith(".zip")));
            }
        }
    }

    @Test
    void a_restore_onto_a_sqlite_disk_too_small_is_refused_with_exit_4_naming_needed_and_free() throws Exception {
        Path archive = folder.resolve("big.zip");
        try (TestInstance source = sourceWith(20, 3); SmallDisk disk = SmallDisk.mount(folder.resolve("disk"), 4)) {
            assertEquals(0, source.run("backup", "--out", archive.toString()).exitCode());
            try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, folder.resolve("t"))
                    .with("APP_KEY", source.environment().get("APP_KEY"))
                    .with("DB_DATABASE", disk.path().resolve("portico.sqlite").toString())) {
                TestInstance.Result dry = target.run("restore", archive.toString(), "--dry-run");
                assertEquals(4, dry.exitCode(), dry.toString());
                TestInstance.Result result = target.run("restore", archive.toString());
                assertEquals(4, result.exitCode(), result.toString());
                assertTrue(result.err().contains("needs about") && result.err().contains("free"), result.toString());
                try (Stream<Path> left = Files.list(disk.path())) {
                    assertEquals(0, left.count(), "no database file was created");
                }
            }
        }
    }

    @Test
    void a_disk_that_fills_during_the_load_fails_with_exit_1_and_leaves_the_old_data_in_place() throws Exception {
        Path archive = folder.resolve("big.zip");
        try (TestInstance source = sourceWith(2_500, 10); SmallDisk disk = SmallDisk.mount(folder.resolve("disk"), 48)) {
            assertEquals(0, source.run("backup", "--out", archive.toString()).exitCode());
            Path database = disk.path().resolve("portico.sqlite");
            try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, folder.resolve("t"))
                    .with("APP_KEY", source.environment().get("APP_KEY")).with("DB_DATABASE", database.toString())) {
                BackupFixture.setUpWithExtraRows(target, "pv1:0123456789ab:b3RoZXI");
                Path before = folder.resolve("before.zip");
                assertEquals(0, target.run("backup", "--out", before.toString()).exitCode());

                AtomicBoolean filled = new AtomicBoolean();
                Path wal = disk.path().resolve("portico.sqlite-wal");
                Thread filler = new Thread(() -> {
                    long deadline = System.nanoTime() + 120_000_000_000L;
                    while (System.nanoTime() < deadline) {
                        try {
                            if (Files.exists(wal) && Files.size(wal) > 1_000_000) {
                                SmallDisk.fill(disk.path().resolve("filler"));
                                filled.set(true);
                                return;
                            }
                            Thread.sleep(2);
                        } catch (Exception gone) {
                            // the WAL may vanish between exists and size; look again
                        }
                    }
                });
                filler.start();
                TestInstance.Result result = target.run("restore", archive.toString(), "--force");
                filler.join();
                assertTrue(filled.get(), "the disk filled during the load");
                assertEquals(1, result.exitCode(), result.toString());
                assertTrue(result.err().contains("rolled back"), result.toString());

                Files.delete(disk.path().resolve("filler"));
                Files.deleteIfExists(disk.path().resolve("filler.tail"));
                Path after = folder.resolve("after.zip");
                assertEquals(0, target.run("backup", "--out", after.toString()).exitCode());
                assertEquals(RestoreFixture.hashes(before), RestoreFixture.hashes(after));
            }
        }
    }
}
