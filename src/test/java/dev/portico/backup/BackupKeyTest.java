package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.cli.Terminal;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DotenvFile;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.PasswordHasher;
import dev.portico.crypto.SecretBox;
import dev.portico.testing.TestInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code backup --with-key}: APP_KEY wrapped under a passphrase, and a restore that opens it. */
class BackupKeyTest {
    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String ADMIN_PASSWORD = "a-long-admin-password-1";
    private static final String SECRET = "hunter2-crm-password";

    @TempDir
    static Path shared;

    @TempDir
    Path folder;

    private static Path archive;
    private static String key;

    @BeforeAll
    static void backUpASourceWithItsKey() throws Exception {
        archive = shared.resolve("with-key.zip");
        try (TestInstance source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(shared.resolve("src")))) {
            key = source.environment().get("APP_KEY");
            BackupFixture.setUpWithExtraRows(source, new SecretBox(AppKey.parse(key)).seal(SECRET));
            TestInstance.Result admin = source.with("ADMIN_PASSWORD", ADMIN_PASSWORD)
                    .run("admin:create", "--email", "keeper@example.com");
            assertEquals(0, admin.exitCode(), admin.toString());
            TestInstance.Result backup = source.with("PORTICO_BACKUP_PASSPHRASE", PASSPHRASE)
                    .run("backup", "--with-key", "--out", archive.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            assertFalse(backup.out().contains(PASSPHRASE) || backup.err().contains(PASSPHRASE), backup.toString());
        }
    }

    private TestInstance targetWithoutKey(DatabaseEngine engine) throws Exception {
        return new TestInstance(engine, Files.createTempDirectory(folder, "target")).with("APP_KEY", null);
    }

    @Test
    void the_archive_holds_the_key_wrapped_with_argon2id_listed_and_hashed_in_the_manifest_and_never_in_clear()
            throws Exception {
        JsonNode manifest = BackupFixture.manifest(archive);
        assertTrue(manifest.get("include_key").asBoolean(), manifest.toString());
        assertTrue(manifest.get("files").toString().contains("key/app_key.json"), manifest.toString());
        JsonNode entry = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(BackupFixture.entry(archive, "key/app_key.json"));
        assertEquals("argon2id", entry.get("kdf").asText());
        assertEquals(65536, entry.get("kdf_params").get("memory_kib").asInt());
        assertEquals(3, entry.get("kdf_params").get("iterations").asInt());
        assertEquals("aes-256-gcm", entry.get("cipher").asText());
        assertEquals(AppKey.parse(key).fingerprint(), entry.get("key_fingerprint").asText());
        String raw = key.substring("base64:".length());
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (var each : zip.stream().toList()) {
                String text = new String(zip.getInputStream(each).readAllBytes(), StandardCharsets.UTF_8);
                assertFalse(text.contains(raw) || text.contains(PASSPHRASE), each.getName() + " holds the key in clear");
            }
        }
        try (TestInstance any = targetWithoutKey(DatabaseEngine.SQLITE)) {
            TestInstance.Result verify = any.run("backup:verify", archive.toString());
            assertEquals(0, verify.exitCode(), verify.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void the_right_passphrase_restores_without_app_key_and_writes_the_key_to_env(DatabaseEngine engine) throws Exception {
        try (TestInstance target = targetWithoutKey(engine)) {
            TestInstance.Result result = target.with("PORTICO_BACKUP_PASSPHRASE", PASSPHRASE)
                    .run("restore", archive.toString());
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("APP_KEY in"), result.toString());
            assertFalse(result.toString().contains(key.substring(7)), "the key is never printed");
            Path env = target.home().resolve(".env");
            assertEquals(key, DotenvFile.read(env).get("APP_KEY"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));

            target.with("PORTICO_BACKUP_PASSPHRASE", null);
            TestInstance.Result status = target.run("backup", "--out", folder.resolve("after-" + engine + ".zip").toString());
            assertEquals(0, status.exitCode(), "the key canary accepts the key from .env: " + status);
            assertEquals(RestoreFixture.hashes(archive), RestoreFixture.hashes(folder.resolve("after-" + engine + ".zip")));
            String config = RestoreFixture.single(target, "SELECT config FROM service WHERE name = 'crm'");
            String sealed = config.replaceAll(".*\"password\":\"([^\"]+)\".*", "$1");
            assertEquals(SECRET, new SecretBox(AppKey.parse(DotenvFile.read(env).get("APP_KEY"))).open(sealed));
            String hash = RestoreFixture.single(target, "SELECT password FROM user_account WHERE email = 'keeper@example.com'");
            assertTrue(new PasswordHasher().verify(ADMIN_PASSWORD, hash), "the admin can still log in");
        }
    }

    @Test
    void a_wrong_passphrase_is_refused_with_exit_4_and_nothing_is_written() throws Exception {
        try (TestInstance target = targetWithoutKey(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = target.with("PORTICO_BACKUP_PASSPHRASE", "not the passphrase at all")
                    .run("restore", archive.toString());
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("Wrong passphrase"), result.toString());
            assertFalse(result.err().contains("not the passphrase at all"), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
            assertFalse(Files.exists(target.home().resolve(".env")), "no .env was written");
        }
    }

    @Test
    void a_restore_that_needs_the_passphrase_without_a_terminal_or_variable_exits_2() throws Exception {
        try (TestInstance target = targetWithoutKey(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = target.run("restore", archive.toString());
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("PORTICO_BACKUP_PASSPHRASE"), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    @Test
    void the_passphrase_typed_at_a_terminal_opens_the_key() throws Exception {
        try (TestInstance target = targetWithoutKey(DatabaseEngine.SQLITE)) {
            List<String> prompts = new ArrayList<>();
            TestInstance.Result result = target.run(typing(PASSPHRASE, prompts), "restore", archive.toString());
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(1, prompts.size(), prompts.toString());
            assertEquals(key, DotenvFile.read(target.home().resolve(".env")).get("APP_KEY"));
        }
    }

    @Test
    void a_tampered_key_entry_fails_the_integrity_check_with_exit_3() throws Exception {
        String original = BackupFixture.entry(archive, "key/app_key.json");
        String changed = original.replaceFirst("\"ciphertext\" : \"(.)", "\"ciphertext\" : \"" + (original.contains(
                "\"ciphertext\" : \"A") ? "B" : "A"));
        assertFalse(original.equals(changed), "the edit changed the entry");
        Path tampered = ArchiveEdit.of(archive).replace("key/app_key.json", changed.getBytes(StandardCharsets.UTF_8))
                .keepHashes().writeTo(folder.resolve("tampered.zip"));
        try (TestInstance target = targetWithoutKey(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = target.with("PORTICO_BACKUP_PASSPHRASE", PASSPHRASE)
                    .run("restore", tampered.toString());
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(result.err().contains("key/app_key.json"), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
            assertEquals(3, target.run("backup:verify", tampered.toString()).exitCode());
        }
    }

    @Test
    void a_different_app_key_in_env_is_replaced_only_with_force_and_the_old_env_is_kept() throws Exception {
        try (TestInstance target = targetWithoutKey(DatabaseEngine.SQLITE)) {
            AppKey other = AppKey.generate();
            Path env = target.home().resolve(".env");
            Files.writeString(env, "APP_KEY=" + other.encoded() + "\nAPP_ENV=local\n");
            target.with("PORTICO_BACKUP_PASSPHRASE", PASSPHRASE);
            TestInstance.Result refused = target.run("restore", archive.toString());
            assertEquals(4, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains(other.fingerprint()) && refused.err().contains("--force"), refused.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));

            TestInstance.Result forced = target.run("restore", archive.toString(), "--force");
            assertEquals(0, forced.exitCode(), forced.toString());
            assertEquals(key, DotenvFile.read(env).get("APP_KEY"));
            assertEquals("local", DotenvFile.read(env).get("APP_ENV"), "the other lines stay");
            try (Stream<Path> files = Files.list(target.home())) {
                Path kept = files.filter(p -> p.getFileName().toString().startsWith(".env.backup-")).findFirst().orElseThrow();
                assertEquals(other.encoded(), DotenvFile.read(kept).get("APP_KEY"));
            }
        }
    }

    @Test
    void another_app_key_set_in_the_environment_is_refused_before_the_passphrase_is_asked() throws Exception {
        try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, Files.createTempDirectory(folder, "target"))) {
            List<String> prompts = new ArrayList<>();
            TestInstance.Result result = target.run(typing(PASSPHRASE, prompts), "restore", archive.toString());
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("set in the environment"), result.toString());
            assertEquals(List.of(), prompts);
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    @Test
    void a_backup_with_key_and_no_passphrase_anywhere_exits_2_and_writes_no_file() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, folder.resolve("i"))) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            Path out = folder.resolve("out");
            Files.createDirectories(out);
            TestInstance.Result result = instance.run("backup", "--with-key", "--out", out.resolve("x.zip").toString());
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("PORTICO_BACKUP_PASSPHRASE"), result.toString());
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(0, files.count());
            }
            TestInstance.Result shortOne = instance.with("PORTICO_BACKUP_PASSPHRASE", "short")
                    .run("backup", "--with-key", "--out", out.resolve("x.zip").toString());
            assertEquals(2, shortOne.exitCode(), shortOne.toString());
            assertTrue(shortOne.err().contains("at least 12"), shortOne.toString());
            assertFalse(Files.exists(out.resolve("x.zip")));
        }
    }

    @Test
    void a_backup_asks_for_the_passphrase_twice_on_a_terminal_and_refuses_two_different_ones() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, folder.resolve("i"))) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            List<String> prompts = new ArrayList<>();
            TestInstance.Result typed = instance.run(typing(PASSPHRASE, prompts), "backup", "--with-key",
                    "--out", folder.resolve("typed.zip").toString());
            assertEquals(0, typed.exitCode(), typed.toString());
            assertEquals(2, prompts.size(), prompts.toString());
            List<String> answers = new ArrayList<>(List.of(PASSPHRASE, PASSPHRASE + "!"));
            TestInstance.Result differ = instance.run(scripted(answers, new ArrayList<>()), "backup", "--with-key",
                    "--out", folder.resolve("differ.zip").toString());
            assertEquals(2, differ.exitCode(), differ.toString());
            assertFalse(Files.exists(folder.resolve("differ.zip")));
        }
    }

    private static Terminal typing(String answer, List<String> prompts) {
        return scripted(new ArrayList<>(List.of(answer, answer, answer)), prompts);
    }

    private static Terminal scripted(List<String> answers, List<String> prompts) {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                prompts.add(prompt);
                return answers.remove(0);
            }

            @Override
            public char[] readPassword(String prompt) {
                prompts.add(prompt);
                return answers.remove(0).toCharArray();
            }
        };
    }
}
