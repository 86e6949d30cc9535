package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServeRefusesTest {
    private static final int REFUSED = ErrorCode.REFUSED.exitCode();

    @TempDir
    Path home;

    @Test
    void serve_on_a_port_in_use_fails_naming_the_port_setting_and_leaves_nothing_listening() throws IOException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            int port;
            try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                port = taken.getLocalPort();
                TestInstance.Result result = RunningServer.refused(instance, "--port", String.valueOf(port));
                assertEquals(ErrorCode.UNAVAILABLE.exitCode(), result.exitCode(), result.toString());
                assertEquals(1, result.exitCode(), result.toString());
                assertTrue(result.err().contains("Port " + port + " on 127.0.0.1 is already in use"), result.toString());
                assertTrue(result.err().contains("PORTICO_HTTP_PORT"), result.toString());
                assertFalse(result.out().contains("is serving"), result.toString());
            }
            // with our socket closed, nobody may answer on that port: serve left no listener behind
            assertThrows(IOException.class, () -> {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                }
            }, "something still listens on port " + port + " after serve failed");
            boolean released = RunningServer.waitFor(() -> serverThreadsStartedSince(before).isEmpty());
            assertTrue(released, "the failed serve left HTTP server threads running: " + serverThreadsStartedSince(before));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void serve_refuses_a_schema_with_a_pending_migration_and_says_to_run_migrate(DatabaseEngine engine)
            throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            migrate(instance);
            execute(instance, "DELETE FROM flyway_schema_history WHERE version = '1'");
            TestInstance.Result result = RunningServer.refused(instance, "--port", "0");
            assertEquals(REFUSED, result.exitCode(), result.toString());
            assertTrue(result.err().contains("1 pending migration(s)"), result.toString());
            assertTrue(result.err().contains("`portico migrate`"), result.toString());
            assertFalse(result.out().contains("is serving"), result.toString());
            assertEquals(0, count(instance, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1'"),
                    "serve without --migrate must not migrate");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void serve_refuses_a_schema_version_from_a_newer_portico(DatabaseEngine engine) throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            migrate(instance);
            execute(instance, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, installed_on, execution_time, success) VALUES (99, '99', 'from the "
                    + "future', 'SQL', 'V99__from_the_future.sql', NULL, 'test', CURRENT_TIMESTAMP, 1, TRUE)");
            TestInstance.Result result = RunningServer.refused(instance, "--port", "0");
            assertEquals(REFUSED, result.exitCode(), result.toString());
            assertTrue(result.err().contains("schema version(s) 99, newer than this Portico"), result.toString());
            assertFalse(result.out().contains("is serving"), result.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void serve_refuses_a_database_last_migrated_by_a_newer_portico_naming_that_release(DatabaseEngine engine)
            throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            migrate(instance);
            execute(instance, "UPDATE instance SET portico_version = '99.0.0'");
            TestInstance.Result result = RunningServer.refused(instance, "--port", "0");
            assertEquals(REFUSED, result.exitCode(), result.toString());
            assertTrue(result.err().contains("last migrated by Portico 99.0.0, newer than this Portico"),
                    result.toString());
            assertTrue(result.err().contains("Run Portico 99.0.0 or newer"), result.toString());
            assertEquals(1, count(instance, "SELECT COUNT(*) FROM instance WHERE portico_version = '99.0.0'"),
                    "the refused serve must not overwrite the recorded version");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void serve_refuses_another_app_key_naming_both_fingerprints_but_neither_key(DatabaseEngine engine)
            throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            String sealedWith = instance.environment().get("APP_KEY");
            migrate(instance);
            AppKey other = AppKey.generate();
            instance.with("APP_KEY", other.encoded());
            TestInstance.Result result = RunningServer.refused(instance, "--port", "0");
            assertEquals(REFUSED, result.exitCode(), result.toString());
            assertTrue(result.err().contains("APP_KEY does not match this system database (key fingerprint "
                    + other.fingerprint() + ", database sealed with " + AppKey.parse(sealedWith).fingerprint() + ")"),
                    result.toString());
            String printed = result.out() + result.err();
            assertFalse(printed.contains(sealedWith), "the sealing key must never be printed");
            assertFalse(printed.contains(other.encoded()), "the offered key must never be printed");
            assertFalse(printed.contains(other.encoded().substring("base64:".length(), 20)),
                    "not even part of the offered key");
            assertFalse(result.out().contains("is serving"), result.toString());
            assertEquals(1, count(instance, "SELECT COUNT(*) FROM instance WHERE key_canary LIKE 'pc1:"
                    + AppKey.parse(sealedWith).fingerprint() + ":%'"), "the canary still names the sealing key");
        }
    }

    private static List<String> serverThreadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .filter(name -> name.contains("Jetty") || name.startsWith("qtp") || name.contains("HikariPool"))
                .toList();
    }

    private static void migrate(TestInstance instance) {
        TestInstance.Result migrated = instance.run("migrate", "--seed");
        assertEquals(0, migrated.exitCode(), migrated.toString());
    }

    private static void execute(TestInstance instance, String sql) throws SQLException {
        try (Connection connection = instance.database().connect();
             Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate(sql), sql);
        }
    }

    private static int count(TestInstance instance, String sql) throws SQLException {
        try (Connection connection = instance.database().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
