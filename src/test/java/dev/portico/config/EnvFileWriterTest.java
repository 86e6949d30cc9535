package dev.portico.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileWriterTest {
    private static final String OLD_KEY = "base64:b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWs=";

    @TempDir
    Path home;

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".env.backup-")).sorted().toList();
        }
    }

    @Test
    void create_if_missing_writes_a_dotenv_readable_only_by_its_owner() throws IOException {
        Path env = home.resolve(".env");
        assertTrue(EnvFileWriter.createIfMissing(env, OLD_KEY));
        assertEquals("rw-------", mode(env));
        assertEquals(OLD_KEY, DotenvFile.read(env).get("APP_KEY"));
        assertEquals("sqlite", DotenvFile.read(env).get("DB_CONNECTION"));
        try (Stream<Path> files = Files.list(home)) {
            assertEquals(List.of(env), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void create_if_missing_never_overwrites_an_existing_file() throws IOException {
        Path env = home.resolve(".env");
        Files.writeString(env, "APP_KEY=" + OLD_KEY + "\nAPP_ENV=local\n");
        byte[] before = Files.readAllBytes(env);
        assertFalse(EnvFileWriter.createIfMissing(env, "base64:somethingElse"));
        assertEquals(new String(before), Files.readString(env));
        assertEquals(List.of(), backups());
    }

    @Test
    void create_if_missing_makes_the_instance_folder() throws IOException {
        Path env = home.resolve("new-instance").resolve(".env");
        assertTrue(EnvFileWriter.createIfMissing(env, OLD_KEY));
        assertEquals("rw-------", mode(env));
    }

    @Test
    void set_replaces_the_key_in_place_and_keeps_every_other_line() throws IOException {
        Path env = home.resolve(".env");
        List<String> original = List.of("# instance settings", "APP_ENV=local", "", "export APP_KEY=" + OLD_KEY,
                "# database", "DB_CONNECTION=sqlite");
        Files.write(env, original);
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));

        Path backup = EnvFileWriter.set(env, "APP_KEY", "base64:new");

        List<String> now = Files.readAllLines(env);
        assertEquals(List.of("# instance settings", "APP_ENV=local", "", "APP_KEY=base64:new", "# database",
                "DB_CONNECTION=sqlite"), now);
        assertEquals("rw-------", mode(env));
        assertNotNull(backup);
        assertTrue(backup.getFileName().toString().startsWith(".env.backup-"), backup.toString());
        assertEquals(original, Files.readAllLines(backup));
        assertEquals("rw-------", mode(backup));
    }

    @Test
    void set_appends_a_key_that_is_not_there_yet() throws IOException {
        Path env = home.resolve(".env");
        Files.write(env, List.of("APP_ENV=local"));
        EnvFileWriter.set(env, "APP_DEBUG", "true");
        assertEquals(List.of("APP_ENV=local", "APP_DEBUG=true"), Files.readAllLines(env));
    }

    @Test
    void set_quotes_a_value_that_needs_it_so_it_reads_back_unchanged() throws IOException {
        Path env = home.resolve(".env");
        Files.write(env, List.of("APP_ENV=local"));
        EnvFileWriter.set(env, "DB_PASSWORD", "p@ss word #1 \"x\"");
        assertEquals("p@ss word #1 \"x\"", DotenvFile.read(env).get("DB_PASSWORD"));
        assertEquals("local", DotenvFile.read(env).get("APP_ENV"));
    }

    @Test
    void set_on_a_missing_file_creates_it_without_a_backup() throws IOException {
        Path env = home.resolve(".env");
        assertNull(EnvFileWriter.set(env, "APP_KEY", OLD_KEY));
        assertEquals(List.of("APP_KEY=" + OLD_KEY), Files.readAllLines(env));
        assertEquals("rw-------", mode(env));
        assertEquals(List.of(), backups());
    }

    @Test
    void two_quick_changes_keep_the_original_file_in_a_backup() throws IOException {
        // the first key is the one that seals the database: losing its backup loses the data
        Path env = home.resolve(".env");
        Files.write(env, List.of("APP_KEY=" + OLD_KEY));
        EnvFileWriter.set(env, "APP_KEY", "base64:second");
        EnvFileWriter.set(env, "APP_KEY", "base64:third");
        List<String> kept = backups().stream().map(b -> DotenvFile.read(b).get("APP_KEY")).toList();
        assertTrue(kept.contains(OLD_KEY), "backups hold " + kept + ", not the original key");
        assertTrue(kept.contains("base64:second"), "backups hold " + kept);
    }
}
