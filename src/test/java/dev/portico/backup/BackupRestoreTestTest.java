package dev.portico.backup;

import static dev.portico.backup.VerifyFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.SecretBox;
import dev.portico.testing.GoneProcess;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup:verify --restore-test}: a restore into a throwaway SQLite database, verified against the
 * archive; the configured database is never touched and the temporary folder never left behind.
 */
class BackupRestoreTestTest {
    @TempDir
    Path home;

    private TestInstance instance;
    private Path archive;

    @BeforeEach
    void backUp() throws Exception {
        instance = new TestInstance(DatabaseEngine.SQLITE, home);
        VerifyFixture.setUp(instance);
        archive = home.resolve("good.zip");
        ok(instance.run("backup", "--out", archive.toString()));
    }

    @AfterEach
    void close() {
        instance.close();
    }

    @Test
    void a_good_archive_passes_and_the_configured_database_is_untouched() throws Exception {
        Map<String, String> before = fingerprint(instance.database().sqliteFile());
        TestInstance.Result result = ok(instance.run("backup:verify", archive.toString(), "--restore-test"));
        assertTrue(result.out().contains("OK: "), result.toString());
        assertTrue(result.out().contains("Restore test: restoring into a throwaway SQLite database"), result.toString());
        assertTrue(VerifyTest.row(result.out(), "users").contains(" ok "), result.toString());
        assertTrue(VerifyTest.row(result.out(), "connection crm").contains(" ok "), result.toString());
        assertTrue(result.out().contains("PASSED: "), result.toString());
        assertEquals(before, fingerprint(instance.database().sqliteFile()), "the configured database was not touched");
        assertNoScratchLeft();
        VerifyTest.assertNoSecret(result, instance.environment().get("APP_KEY"));
    }

    @Test
    void it_works_when_the_configured_database_is_unreachable() throws Exception {
        instance.with("DB_CONNECTION", "pgsql").with("DB_HOST", "127.0.0.1").with("DB_PORT", "1")
                .with("DB_DATABASE", "nowhere").with("DB_USERNAME", "nobody");
        TestInstance.Result result = ok(instance.run("backup:verify", archive.toString(), "--restore-test", "--json"));
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertTrue(json.get("valid").asBoolean(), result.toString());
        assertTrue(json.get("restore_test").get("passed").asBoolean(), result.toString());
        assertEquals(0, json.get("restore_test").get("summary").get("failed").asInt(), result.toString());
        assertNoScratchLeft();
    }

    @Test
    void a_damaged_archive_fails_with_exit_3_and_leaves_no_temporary_folder() throws Exception {
        Path truncated = home.resolve("truncated.zip");
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        TestInstance.Result result = instance.run("backup:verify", truncated.toString(), "--restore-test");
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("not a complete ZIP archive"), result.toString());
        assertNoScratchLeft();
    }

    @Test
    void an_intact_archive_whose_secrets_do_not_open_fails_the_restore_test_with_exit_3() throws Exception {
        String foreign = new SecretBox(AppKey.generate()).seal("sealed elsewhere");
        VerifyFixture.execute(instance, "UPDATE lookup SET value = '" + foreign + "'");
        Path odd = home.resolve("odd.zip");
        ok(instance.run("backup", "--out", odd.toString()));
        TestInstance.Result result = instance.run("backup:verify", odd.toString(), "--restore-test");
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(VerifyTest.row(result.out(), "secrets").contains(" failed "), result.toString());
        assertTrue(VerifyTest.row(result.out(), "secrets").contains("lookup id 1 value is sealed with key "),
                result.toString());
        assertNoScratchLeft();
    }

    @Test
    void a_wrong_app_key_is_refused_with_exit_4_and_leaves_no_temporary_folder() throws Exception {
        TestInstance.Result result = instance.with("APP_KEY", AppKey.generate().encoded())
                .run("backup:verify", archive.toString(), "--restore-test");
        assertEquals(4, result.exitCode(), result.toString());
        assertNoScratchLeft();
    }

    @Test
    void the_folder_of_a_killed_restore_test_is_deleted_by_the_next_one_and_a_running_ones_is_kept() throws Exception {
        Path storage = home.resolve("storage");
        Path abandoned = Files.createDirectories(storage.resolve(".restore-test-" + GoneProcess.pid() + "-12345"));
        Files.writeString(abandoned.resolve("portico.sqlite"), "left by a killed run");
        Path running = Files.createDirectories(storage.resolve(".restore-test-1-67890"));  // pid 1 is always alive
        ok(instance.run("backup:verify", archive.toString(), "--restore-test"));
        assertFalse(Files.exists(abandoned), "the killed run's folder was deleted");
        assertTrue(Files.isDirectory(running), "a running process's folder was kept");
        Files.delete(running);
        assertNoScratchLeft();
    }

    private void assertNoScratchLeft() throws Exception {
        Path storage = home.resolve("storage");
        if (Files.isDirectory(storage)) {
            try (Stream<Path> files = Files.list(storage)) {
                List<String> left = files.map(path -> path.getFileName().toString())
                        .filter(name -> name.startsWith(".restore-test-")).toList();
                assertEquals(List.of(), left, "the restore test's temporary folder was deleted");
            }
        }
    }

    /** SHA-256 of the SQLite file and its WAL files, which only a writer changes. */
    private static Map<String, String> fingerprint(Path sqlite) throws Exception {
        Map<String, String> hashes = new java.util.TreeMap<>();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path file = sqlite.resolveSibling(sqlite.getFileName() + suffix);
            if (Files.exists(file)) {
                hashes.put(file.getFileName().toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        }
        assertFalse(hashes.isEmpty());
        return hashes;
    }
}
