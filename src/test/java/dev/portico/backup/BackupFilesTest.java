package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DotenvFile;
import dev.portico.testing.TestInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup --include-files / --include-env} and {@code restore --with-files / --with-env}. */
class BackupFilesTest {
    private static final String UNICODE = "Zoë Ångström 漢字 🚀.txt";

    @TempDir
    Path folder;

    private TestInstance source() throws Exception {
        TestInstance source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("src")));
        BackupFixture.setUpWithExtraRows(source, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
        Path app = source.home().resolve("storage/app");
        Files.createDirectories(app.resolve("uploads/deep/er"));
        Files.writeString(app.resolve("uploads").resolve(UNICODE), "unicode name ✓");
        Files.write(app.resolve("empty.bin"), new byte[0]);
        byte[] binary = new byte[300_000];
        new java.util.Random(7).nextBytes(binary);
        Files.write(app.resolve("uploads/deep/er/blob.bin"), binary);
        Files.writeString(source.home().resolve("storage/logs/not-data.log"), "a log line");
        return source;
    }

    @Test
    void storage_files_round_trip_with_unicode_names_and_an_empty_file_and_the_old_folder_is_kept() throws Exception {
        Path archive = folder.resolve("files.zip");
        try (TestInstance source = source()) {
            TestInstance.Result backup = source.run("backup", "--include-files", "--out", archive.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            JsonNode manifest = BackupFixture.manifest(archive);
            assertTrue(manifest.get("include_files").asBoolean());
            assertEquals(3, manifest.get("files").size(), "only storage/app, not logs: " + manifest.get("files"));
            assertTrue(manifest.get("files").toString().contains("files/app/uploads/" + UNICODE), manifest.toString());
            assertEquals(0, source.run("backup:verify", archive.toString()).exitCode());
            try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("t")))
                    .with("APP_KEY", source.environment().get("APP_KEY"))) {
                Path old = target.home().resolve("storage/app/old.txt");
                Files.createDirectories(old.getParent());
                Files.writeString(old, "before the restore");
                TestInstance.Result restore = target.run("restore", archive.toString(), "--with-files");
                assertEquals(0, restore.exitCode(), restore.toString());
                assertEquals(tree(source.home().resolve("storage/app")), tree(target.home().resolve("storage/app")));
                try (Stream<Path> kept = Files.list(target.home().resolve("storage"))) {
                    Path previous = kept.filter(p -> p.getFileName().toString().startsWith("app.before-restore-"))
                            .findFirst().orElseThrow();
                    assertEquals("before the restore", Files.readString(previous.resolve("old.txt")));
                }
                try (Stream<Path> left = Files.list(target.home().resolve("storage"))) {
                    assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".portico-restore-")));
                }
            }
        }
    }

    @Test
    void a_hostile_archive_with_a_path_out_of_storage_is_refused_with_exit_3_and_nothing_is_written() throws Exception {
        Path archive = folder.resolve("files.zip");
        try (TestInstance source = source()) {
            assertEquals(0, source.run("backup", "--include-files", "--out", archive.toString()).exitCode());
            String key = source.environment().get("APP_KEY");
            for (String hostile : new String[] {"files/app/../../../escaped.txt", "files/app/uploads/../../../escaped.txt",
                "files/../escaped.txt", "files/app//escaped.txt"}) {
                Path bad = ArchiveEdit.of(archive).add(hostile, "owned".getBytes(StandardCharsets.UTF_8))
                        .writeTo(folder.resolve("hostile-" + Math.abs(hostile.hashCode()) + ".zip"));
                try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE,
                        Files.createTempDirectory(folder, "t")).with("APP_KEY", key)) {
                    TestInstance.Result result = target.run("restore", bad.toString(), "--with-files");
                    assertEquals(3, result.exitCode(), hostile + ": " + result);
                    assertTrue(result.err().contains(hostile), result.toString());
                    assertEquals(Map.of(), RestoreFixture.tables(target));
                    assertFalse(Files.exists(target.home().resolve("storage/app")), "nothing extracted");
                    assertEquals(3, target.run("backup:verify", bad.toString()).exitCode());
                }
                try (Stream<Path> everything = Files.walk(folder)) {
                    assertFalse(everything.anyMatch(p -> p.getFileName().toString().equals("escaped.txt")));
                }
            }
        }
    }

    @Test
    void a_load_that_fails_leaves_env_and_storage_files_as_they_were_and_no_staged_files() throws Exception {
        Path archive = folder.resolve("both.zip");
        try (TestInstance source = source()) {
            String key = source.environment().get("APP_KEY");
            Files.writeString(source.home().resolve(".env"), "APP_KEY=" + key + "\nAPP_ENV=staging\n");
            assertEquals(0, source.run("backup", "--include-env", "--include-files", "--out", archive.toString())
                    .exitCode());
            Path broken = RestoreFixture.withDuplicateRow(archive, folder.resolve("broken.zip"));
            try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("t")))
                    .with("APP_KEY", key)) {
                Path env = target.home().resolve(".env");
                Files.writeString(env, "APP_ENV=local\n");
                Path old = target.home().resolve("storage/app/old.txt");
                Files.createDirectories(old.getParent());
                Files.writeString(old, "before");
                TestInstance.Result result = target.run("restore", broken.toString(), "--with-env", "--with-files");
                assertEquals(1, result.exitCode(), result.toString());
                assertEquals("APP_ENV=local\n", Files.readString(env));
                assertEquals(Map.of("old.txt", ArchiveEdit.sha256("before".getBytes(StandardCharsets.UTF_8))),
                        files(target.home().resolve("storage/app")));
                try (Stream<Path> left = Files.list(target.home().resolve("storage"))) {
                    assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".portico-restore-")
                            || p.getFileName().toString().startsWith("app.before-restore-")), "nothing staged or moved");
                }
                try (Stream<Path> kept = Files.list(target.home())) {
                    assertFalse(kept.anyMatch(p -> p.getFileName().toString().startsWith(".env.")));
                }
                assertEquals(Map.of(), RestoreFixture.tables(target));
            }
        }
    }

    @Test
    void with_files_on_an_archive_without_files_is_a_usage_error() throws Exception {
        Path archive = folder.resolve("plain.zip");
        try (TestInstance source = source()) {
            assertEquals(0, source.run("backup", "--out", archive.toString()).exitCode());
            try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("t")))
                    .with("APP_KEY", source.environment().get("APP_KEY"))) {
                TestInstance.Result files = target.run("restore", archive.toString(), "--with-files");
                assertEquals(2, files.exitCode(), files.toString());
                assertTrue(files.err().contains("--include-files"), files.toString());
                TestInstance.Result env = target.run("restore", archive.toString(), "--with-env");
                assertEquals(2, env.exitCode(), env.toString());
                assertEquals(Map.of(), RestoreFixture.tables(target));
            }
        }
    }

    @Test
    void with_env_writes_the_archived_env_but_keeps_this_instances_database_settings() throws Exception {
        Path archive = folder.resolve("env.zip");
        try (TestInstance source = source()) {
            String key = source.environment().get("APP_KEY");
            Files.writeString(source.home().resolve(".env"), "# the source\nAPP_KEY=" + key + "\nAPP_ENV=staging\n"
                    + "PORTICO_HTTP_PORT=9999\nDB_CONNECTION=sqlite\nDB_DATABASE=" + source.database().sqliteFile() + "\n");
            assertEquals(0, source.run("backup", "--include-env", "--out", archive.toString()).exitCode());

            try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("t")))) {
                Path env = target.home().resolve(".env");
                Files.writeString(env, "DB_CONNECTION=sqlite\nDB_DATABASE=" + target.database().sqliteFile() + "\n");
                target.with("APP_KEY", null).with("DB_CONNECTION", null).with("DB_DATABASE", null);
                TestInstance.Result restore = target.run("restore", archive.toString(), "--with-env");
                assertEquals(0, restore.exitCode(), restore.toString());
                Map<String, String> written = DotenvFile.read(env);
                assertEquals(key, written.get("APP_KEY"), "the key came from the archived .env");
                assertEquals("staging", written.get("APP_ENV"));
                assertEquals("9999", written.get("PORTICO_HTTP_PORT"));
                assertEquals(target.database().sqliteFile().toString(), written.get("DB_DATABASE"),
                        "the restored instance keeps using the database it was restored onto");
                try (Stream<Path> kept = Files.list(target.home())) {
                    assertTrue(kept.anyMatch(p -> p.getFileName().toString().startsWith(".env.before-restore-")));
                }
                Path again = folder.resolve("again.zip");
                TestInstance.Result backup = target.run("backup", "--out", again.toString());
                assertEquals(0, backup.exitCode(), "the new .env configures a working instance: " + backup);
                assertEquals(RestoreFixture.hashes(archive), RestoreFixture.hashes(again));
                assertEquals(BackupFixture.count(source, "user_account"), BackupFixture.count(target, "user_account"));
            }
        }
    }

    @Test
    void an_archive_without_the_key_and_files_fields_or_with_a_field_added_later_still_restores() throws Exception {
        Path archive = folder.resolve("new.zip");
        try (TestInstance source = source()) {
            assertEquals(0, source.run("backup", "--out", archive.toString()).exitCode());
            Path old = ArchiveEdit.of(archive).manifest(manifest -> {
                manifest.remove("include_key");
                manifest.remove("include_files");
                manifest.put("added_by_a_later_portico", true);
            }).writeTo(folder.resolve("old.zip"));
            assertFalse(BackupFixture.manifest(old).has("include_key"));
            try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("t")))
                    .with("APP_KEY", source.environment().get("APP_KEY"))) {
                TestInstance.Result result = target.run("restore", old.toString());
                assertEquals(0, result.exitCode(), result.toString());
                assertEquals(BackupFixture.count(source, "role"), BackupFixture.count(target, "role"));
            }
        }
    }

    @Test
    void an_archive_from_an_unknown_engine_is_refused_with_exit_4_naming_both() throws Exception {
        Path archive = folder.resolve("a.zip");
        try (TestInstance source = source()) {
            assertEquals(0, source.run("backup", "--out", archive.toString()).exitCode());
            Path odd = ArchiveEdit.of(archive).manifest(manifest -> manifest.put("source_engine", "oracle"))
                    .writeTo(folder.resolve("oracle.zip"));
            try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("t")))
                    .with("APP_KEY", source.environment().get("APP_KEY"))) {
                TestInstance.Result result = target.run("restore", odd.toString());
                assertEquals(4, result.exitCode(), result.toString());
                assertTrue(result.err().contains("oracle") && result.err().contains("SQLite"), result.toString());
                assertEquals(Map.of(), RestoreFixture.tables(target));
            }
        }
    }

    /** relative path → SHA-256 of every file under {@code root}, which must hold the fixture's empty file. */
    private static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> files = files(root);
        assertTrue(files.containsKey("empty.bin"), files.toString());
        return files;
    }

    private static Map<String, String> files(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Iterator<Path> it = walk.filter(Files::isRegularFile).iterator(); it.hasNext(); ) {
                Path file = it.next();
                files.put(root.relativize(file).toString(), ArchiveEdit.sha256(Files.readAllBytes(file)));
            }
        }
        return files;
    }
}
