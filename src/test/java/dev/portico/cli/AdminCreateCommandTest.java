package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.PasswordHasher;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdminCreateCommandTest {
    private static final String PASSWORD = "correct-horse-battery-9";
    private static final String EMAIL = "ops@example.com";

    @TempDir
    Path home;

    private static TestInstance setUp(TestInstance instance) {
        TestInstance.Result setup = instance.run("setup");
        assertEquals(0, setup.exitCode(), setup.toString());
        return instance;
    }

    /** The stored hash, admin flag and name of each account with this e-mail. */
    private static List<String[]> accounts(TestInstance instance, String email) throws SQLException {
        try (Connection connection = instance.database().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT password, is_sys_admin, name FROM user_account WHERE email = ?")) {
            query.setString(1, email);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new String[] {result.getString(1), String.valueOf(result.getBoolean(2)), result.getString(3)});
                }
            }
            return rows;
        }
    }

    private String logs() throws IOException {
        Path folder = home.resolve("storage/logs");
        if (!Files.isDirectory(folder)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void creates_a_sys_admin_whose_stored_hash_verifies_the_password_from_the_environment(DatabaseEngine engine)
            throws SQLException, IOException {
        try (TestInstance instance = setUp(new TestInstance(engine, home))) {
            TestInstance.Result result = instance.with("ADMIN_PASSWORD", PASSWORD).run("admin:create", "--email", EMAIL);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Created sys-admin " + EMAIL), result.toString());
            List<String[]> rows = accounts(instance, EMAIL);
            assertEquals(1, rows.size());
            assertTrue(new PasswordHasher().verify(PASSWORD, rows.get(0)[0]), "the stored hash must verify");
            assertFalse(new PasswordHasher().verify(PASSWORD + "x", rows.get(0)[0]));
            assertEquals("true", rows.get(0)[1]);
            assertEquals("ops", rows.get(0)[2], "the name defaults to the part before @");
            String printed = result.out() + result.err() + logs();
            assertFalse(printed.contains(PASSWORD), "the password must not be printed or logged");
        }
    }

    @Test
    void a_duplicate_email_fails_with_a_clear_message_and_creates_nothing() throws SQLException {
        try (TestInstance instance = setUp(new TestInstance(DatabaseEngine.SQLITE, home))) {
            instance.with("ADMIN_PASSWORD", PASSWORD);
            assertEquals(0, instance.run("admin:create", "--email", EMAIL).exitCode());
            TestInstance.Result again = instance.run("admin:create", "--email", EMAIL, "--name", "Second");
            assertEquals(1, again.exitCode(), again.toString());
            assertTrue(again.err().contains("A user with e-mail " + EMAIL + " already exists"), again.toString());
            assertEquals(1, accounts(instance, EMAIL).size());
        }
    }

    @Test
    void a_short_password_is_a_usage_error() throws SQLException {
        try (TestInstance instance = setUp(new TestInstance(DatabaseEngine.SQLITE, home))) {
            TestInstance.Result result = instance.with("ADMIN_PASSWORD", "short-Pw-1").run("admin:create", "--email", EMAIL);
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("at least 16 characters"), result.toString());
            assertFalse(result.err().contains("short-Pw-1"), result.toString());
            assertEquals(List.of(), accounts(instance, EMAIL));
        }
    }

    @Test
    void an_invalid_email_is_a_usage_error() throws SQLException {
        try (TestInstance instance = setUp(new TestInstance(DatabaseEngine.SQLITE, home))) {
            TestInstance.Result result = instance.with("ADMIN_PASSWORD", PASSWORD).run("admin:create", "--email", "ops.example.com");
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("'ops.example.com' is not an e-mail address"), result.toString());
            assertEquals(List.of(), accounts(instance, "ops.example.com"));
        }
    }

    @Test
    void without_a_password_or_terminal_one_is_generated_and_printed_once() throws SQLException, IOException {
        try (TestInstance instance = setUp(new TestInstance(DatabaseEngine.SQLITE, home))) {
            TestInstance.Result result = instance.run("admin:create", "--email", EMAIL);
            assertEquals(0, result.exitCode(), result.toString());
            Matcher line = Pattern.compile("Password: (\\S+)").matcher(result.out());
            assertTrue(line.find(), result.toString());
            String generated = line.group(1);
            assertTrue(generated.length() >= 16, generated);
            assertEquals(result.out().indexOf(generated), result.out().lastIndexOf(generated), "printed exactly once");
            assertFalse(result.err().contains(generated) || logs().contains(generated), "never logged");
            assertTrue(new PasswordHasher().verify(generated, accounts(instance, EMAIL).get(0)[0]));
        }
    }

    @Test
    void an_unmigrated_database_is_refused() throws SQLException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.with("ADMIN_PASSWORD", PASSWORD).run("admin:create", "--email", EMAIL);
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("portico setup"), result.toString());
            try (Connection connection = instance.database().connect();
                 ResultSet tables = connection.getMetaData().getTables(null, null, "user_account", null)) {
                assertFalse(tables.next(), "nothing was created");
            }
        }
    }
}
