package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.config.DotenvFile;
import dev.portico.crypto.AppKey;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyGenerateCommandTest {
    @TempDir
    Path home;

    private Path env() {
        return home.resolve(".env");
    }

    /** An instance whose APP_KEY lives in .env (not the environment), next to another setting. */
    private TestInstance withKeyInDotenv(AppKey key) throws IOException {
        TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home).with("APP_KEY", null);
        Files.write(env(), List.of("# mine", "APP_KEY=" + key.encoded(), "APP_ENV=local"));
        return instance;
    }

    private List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".env.backup-")).toList();
        }
    }

    private List<Path> everyFile() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            return files.sorted().toList();
        }
    }

    @Test
    void show_prints_a_valid_new_key_and_changes_no_file() throws IOException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            List<Path> before = everyFile();
            TestInstance.Result result = instance.run("key:generate", "--show");
            assertEquals(0, result.exitCode(), result.toString());
            String printed = result.out().strip();
            AppKey key = AppKey.parse(printed);
            assertEquals(key.encoded(), printed);
            assertNotEquals(instance.environment().get("APP_KEY"), printed);
            assertNotEquals(printed, instance.run("key:generate", "--show").out().strip(), "each key is new");
            assertEquals(before, everyFile());
        }
    }

    @Test
    void without_a_key_it_writes_a_new_one_to_dotenv() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home).with("APP_KEY", null)) {
            TestInstance.Result result = instance.run("key:generate");
            assertEquals(0, result.exitCode(), result.toString());
            String written = DotenvFile.read(env()).get("APP_KEY");
            AppKey key = AppKey.parse(written);
            assertTrue(result.out().contains(key.fingerprint()), result.toString());
            assertFalse(result.out().contains(written), "the key itself is never printed:\n" + result);
        }
    }

    @Test
    void an_existing_key_is_not_replaced_without_force_when_no_one_can_confirm() throws IOException {
        AppKey old = AppKey.generate();
        try (TestInstance instance = withKeyInDotenv(old)) {
            String before = Files.readString(env());
            TestInstance.Result result = instance.run("key:generate");
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("--force"), result.toString());
            assertTrue(result.err().contains(old.fingerprint()), result.toString());
            assertEquals(before, Files.readString(env()));
            assertEquals(List.of(), backups());
        }
    }

    @Test
    void force_replaces_the_key_and_keeps_the_old_one_in_a_backup() throws IOException {
        AppKey old = AppKey.generate();
        try (TestInstance instance = withKeyInDotenv(old)) {
            TestInstance.Result result = instance.run("key:generate", "--force");
            assertEquals(0, result.exitCode(), result.toString());
            AppKey fresh = AppKey.parse(DotenvFile.read(env()).get("APP_KEY"));
            assertNotEquals(old, fresh);
            assertEquals("local", DotenvFile.read(env()).get("APP_ENV"), "other settings survive");
            List<Path> backups = backups();
            assertEquals(1, backups.size(), backups.toString());
            assertEquals(old.encoded(), DotenvFile.read(backups.get(0)).get("APP_KEY"));
            assertTrue(result.out().contains(backups.get(0).getFileName().toString()), result.toString());
            assertFalse(result.out().contains(old.encoded()) || result.out().contains(fresh.encoded()), result.toString());
        }
    }

    @Test
    void answering_yes_on_a_terminal_replaces_the_key() throws IOException {
        AppKey old = AppKey.generate();
        try (TestInstance instance = withKeyInDotenv(old)) {
            ScriptedTerminal terminal = new ScriptedTerminal("yes");
            TestInstance.Result result = instance.run(terminal, "key:generate");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(1, terminal.prompts.size(), terminal.prompts.toString());
            assertTrue(terminal.prompts.get(0).contains(old.fingerprint()), terminal.prompts.toString());
            assertNotEquals(old, AppKey.parse(DotenvFile.read(env()).get("APP_KEY")));
        }
    }

    @Test
    void answering_no_on_a_terminal_refuses_and_leaves_dotenv_unchanged() throws IOException {
        AppKey old = AppKey.generate();
        try (TestInstance instance = withKeyInDotenv(old)) {
            String before = Files.readString(env());
            ScriptedTerminal terminal = new ScriptedTerminal("no");
            TestInstance.Result result = instance.run(terminal, "key:generate");
            assertEquals(4, result.exitCode(), result.toString());
            assertEquals(1, terminal.prompts.size());
            assertEquals(before, Files.readString(env()));
            assertEquals(List.of(), backups());
        }
    }

    @Test
    void a_key_set_in_the_environment_is_refused_because_dotenv_would_not_be_read() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.run("key:generate", "--force");
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("environment"), result.toString());
            assertFalse(Files.exists(env()), "no .env is written");
        }
    }

    @Test
    void force_replaces_a_malformed_key_as_the_error_message_advises() throws IOException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home).with("APP_KEY", null)) {
            Files.write(env(), List.of("APP_KEY=base64:dG9vLXNob3J0", "APP_ENV=local"));
            TestInstance.Result refused = instance.run("config:show");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("portico key:generate"), refused.toString());

            TestInstance.Result result = instance.run("key:generate", "--force");
            assertEquals(0, result.exitCode(), result.toString());
            AppKey.parse(DotenvFile.read(env()).get("APP_KEY"));
            assertEquals(0, instance.run("config:show").exitCode());
        }
    }
}
