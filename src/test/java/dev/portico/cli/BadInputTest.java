package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BadInputTest {
    @TempDir
    Path home;

    private String logs() throws IOException {
        Path folder = home.resolve("storage/logs");
        StringBuilder text = new StringBuilder();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    text.append(Files.readString(file));
                }
            }
        }
        return text.toString();
    }

    private static void assertNoUnexpectedFailure(TestInstance.Result result) {
        assertFalse(result.err().contains("unexpectedly"), "an expected failure must get its own message:\n" + result);
    }

    @Test
    void an_unknown_db_connection_fails_naming_the_key() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.with("DB_CONNECTION", "oracle").run("migrate");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("DB_CONNECTION"), result.toString());
            assertTrue(result.err().contains("'oracle'"), result.toString());
            assertTrue(result.err().contains("sqlite, pgsql or mysql"), result.toString());
        }
    }

    @Test
    void an_unreachable_database_server_fails_with_host_and_port_advice() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.POSTGRESQL, home)) {
            TestInstance.Result result = instance.with("DB_PORT", "1").run("migrate");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("Cannot reach"), result.toString());
            assertTrue(result.err().contains("127.0.0.1:1"), result.toString());
            assertTrue(result.err().contains("DB_HOST and DB_PORT"), result.toString());
            assertNoUnexpectedFailure(result);
        }
    }

    @Test
    void a_wrong_database_password_is_reported_as_a_refused_login_and_never_printed_or_logged() throws IOException {
        String password = "wrong-pass-XYZ";
        try (TestInstance instance = new TestInstance(DatabaseEngine.MYSQL, home)) {
            instance.with("DB_USERNAME", "root").with("DB_PASSWORD", password).with("APP_DEBUG", "true");
            TestInstance.Result result = instance.run("migrate");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("refused the login for user 'root'"), result.toString());
            assertTrue(result.err().contains("DB_PASSWORD"), result.toString());
            assertFalse(result.out().contains(password) || result.err().contains(password), result.toString());
            String logs = logs();
            assertFalse(logs.isEmpty(), "the failure is logged (else this test proves nothing about the log)");
            assertFalse(logs.contains(password), "the password reached storage/logs");
            assertFalse(logs.contains("XYZ"), "part of the password reached storage/logs");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseEngine.class, names = {"POSTGRESQL", "MYSQL"})
    void a_database_that_does_not_exist_is_named_as_such(DatabaseEngine engine) {
        try (TestInstance instance = new TestInstance(engine, home)) {
            TestInstance.Result result = instance.with("DB_DATABASE", "portico_missing_db").run("migrate");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("'portico_missing_db'"), result.toString());
            assertTrue(result.err().contains("does not exist"), result.toString());
            assertNoUnexpectedFailure(result);
        }
    }

    @Test
    void a_sqlite_path_under_a_regular_file_fails_with_a_clear_message() throws IOException {
        Path blocker = home.resolve("not-a-folder");
        Files.writeString(blocker, "I am a file");
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            String database = blocker.resolve("sub").resolve("portico.sqlite").toString();
            TestInstance.Result result = instance.with("DB_DATABASE", database).run("migrate");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains(blocker.toString()), result.toString());
            assertTrue(result.err().contains("DB_DATABASE"), result.toString());
            assertNoUnexpectedFailure(result);
            assertEquals("I am a file", Files.readString(blocker), "the file in the way is left alone");
        }
    }

    @Test
    void a_sqlite_file_directly_inside_a_regular_file_fails_with_a_clear_message() throws IOException {
        Path blocker = home.resolve("not-a-folder");
        Files.writeString(blocker, "I am a file");
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.with("DB_DATABASE", blocker.resolve("portico.sqlite").toString())
                    .run("migrate");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("DB_DATABASE"), result.toString());
            assertNoUnexpectedFailure(result);
        }
    }

    @Test
    void an_unknown_command_is_a_usage_error() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.run("migrate:sideways");
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("migrate:sideways"), result.toString());
        }
    }

    @Test
    void no_command_at_all_is_a_usage_error() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.run();
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("Name a command"), result.toString());
        }
    }
}
