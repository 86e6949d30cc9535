package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.PasswordHasher;
import dev.portico.systemdb.UtcTimestamps;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdminPasswordCommandTest {
    private static final String EMAIL = "ops@example.com";
    private static final String OLD = "old-horse-battery-staple-1";
    private static final String NEW = "new-horse-battery-staple-2";
    private static final PasswordHasher HASHER = new PasswordHasher();

    @TempDir
    Path home;

    /** An instance set up with EMAIL as its first sys-admin, whose password is OLD; ADMIN_PASSWORD is unset after. */
    private TestInstance withAdmin(DatabaseEngine engine) {
        TestInstance instance = new TestInstance(engine, home).with("ADMIN_EMAIL", EMAIL).with("ADMIN_PASSWORD", OLD);
        TestInstance.Result setup = instance.run("setup");
        assertEquals(0, setup.exitCode(), setup.toString());
        return instance.with("ADMIN_PASSWORD", null);
    }

    private static String storedHash(TestInstance instance, String email) throws SQLException {
        try (Connection connection = instance.database().connect();
             PreparedStatement query = connection.prepareStatement("SELECT password FROM user_account WHERE email = ?")) {
            query.setString(1, email);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no user " + email);
                return row.getString(1);
            }
        }
    }

    private String everythingPrinted(TestInstance.Result result) throws IOException {
        StringBuilder text = new StringBuilder(result.out()).append(result.err());
        Path logs = home.resolve("storage/logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    text.append(Files.readString(file));
                }
            }
        }
        return text.toString();
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void the_new_password_verifies_the_old_one_no_longer_does_and_neither_is_printed(DatabaseEngine engine)
            throws SQLException, IOException {
        try (TestInstance instance = withAdmin(engine)) {
            TestInstance.Result result = instance.with("ADMIN_PASSWORD", NEW).run("admin:password", "--email", EMAIL);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Reset the password of sys-admin " + EMAIL), result.toString());
            assertTrue(result.out().contains("from ADMIN_PASSWORD"), result.toString());
            String hash = storedHash(instance, EMAIL);
            assertTrue(HASHER.verify(NEW, hash), "the new password must verify");
            assertFalse(HASHER.verify(OLD, hash), "the old password must no longer verify");
            String printed = everythingPrinted(result);
            assertFalse(printed.contains(NEW) || printed.contains(OLD), "no password printed or logged");
            assertTrue(printed.contains("admin:password: reset the password of sys-admin " + EMAIL), "one log line");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void every_session_issued_before_the_reset_is_revoked_for_fourteen_days(DatabaseEngine engine) throws SQLException {
        try (TestInstance instance = withAdmin(engine)) {
            Instant before = Instant.now().minusSeconds(1);
            assertEquals(0, instance.with("ADMIN_PASSWORD", NEW).run("admin:password", "--email", EMAIL).exitCode());
            UtcTimestamps timestamps = new UtcTimestamps(engine);
            try (Connection connection = instance.database().connect();
                 PreparedStatement query = connection.prepareStatement("SELECT r.token_id, r.revoked_before, r.expires_at "
                         + "FROM token_revocation r JOIN user_account u ON u.id = r.user_id WHERE u.email = ?")) {
                query.setString(1, EMAIL);
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next(), "a revocation row for the admin");
                    assertNull(row.getString(1), "every token of the user, not one");
                    Instant revokedBefore = timestamps.read(row, 2);
                    assertTrue(revokedBefore.isAfter(before) && revokedBefore.isBefore(Instant.now().plusSeconds(1)),
                            revokedBefore.toString());
                    assertEquals(Duration.ofDays(14), Duration.between(revokedBefore, timestamps.read(row, 3)));
                    assertFalse(row.next(), "exactly one row");
                }
            }
        }
    }

    @Test
    void a_short_password_is_a_usage_error_and_changes_nothing() throws SQLException {
        try (TestInstance instance = withAdmin(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = instance.with("ADMIN_PASSWORD", "short-Pw-1").run("admin:password", "--email", EMAIL);
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("at least 16 characters"), result.toString());
            assertFalse(result.err().contains("short-Pw-1"), result.toString());
            assertTrue(HASHER.verify(OLD, storedHash(instance, EMAIL)), "the old password still works");
        }
    }

    @Test
    void an_unknown_email_fails_saying_no_such_user_exists_before_a_password_is_generated() {
        try (TestInstance instance = withAdmin(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = instance.run("admin:password", "--email", "nobody@example.com");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("No user has the e-mail nobody@example.com"), result.toString());
            assertFalse(result.out().contains("Password"), result.toString());
        }
    }

    @Test
    void a_user_who_is_not_a_sys_admin_is_not_reset() throws SQLException {
        try (TestInstance instance = withAdmin(DatabaseEngine.SQLITE);
             Connection connection = instance.database().connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO user_account (name, email, password, "
                     + "is_sys_admin, created_at, updated_at) VALUES ('Ann', 'ann@example.com', 'x', 0, ?, ?)")) {
            UtcTimestamps timestamps = new UtcTimestamps(DatabaseEngine.SQLITE);
            timestamps.bind(insert, 1, UtcTimestamps.now());
            timestamps.bind(insert, 2, UtcTimestamps.now());
            insert.executeUpdate();
            TestInstance.Result result = instance.with("ADMIN_PASSWORD", NEW).run("admin:password", "--email", "ann@example.com");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("ann@example.com is not a sys-admin"), result.toString());
            assertEquals("x", storedHash(instance, "ann@example.com"));
        }
    }

    @Test
    void without_a_password_or_terminal_one_is_generated_and_printed_once() throws SQLException, IOException {
        try (TestInstance instance = withAdmin(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = instance.run("admin:password", "--email", EMAIL);
            assertEquals(0, result.exitCode(), result.toString());
            Matcher line = Pattern.compile("Password: (\\S+)").matcher(result.out());
            assertTrue(line.find(), result.toString());
            String generated = line.group(1);
            assertEquals(everythingPrinted(result).indexOf(generated), everythingPrinted(result).lastIndexOf(generated),
                    "printed exactly once, never logged");
            assertTrue(HASHER.verify(generated, storedHash(instance, EMAIL)));
        }
    }

    @Test
    void a_password_typed_twice_on_a_terminal_is_set_and_not_echoed() throws SQLException, IOException {
        try (TestInstance instance = withAdmin(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = instance.run(new ScriptedTerminal(NEW),
                    "admin:password", "--email", EMAIL);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(HASHER.verify(NEW, storedHash(instance, EMAIL)));
            assertFalse(everythingPrinted(result).contains(NEW), result.toString());
        }
    }
}
