package dev.portico.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.App;
import dev.portico.BuildInfo;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.systemdb.MigrationLock;
import dev.portico.testing.GoneProcess;
import dev.portico.testing.TestInstance;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code portico doctor} on healthy and broken instances, through the real CLI and its exit codes. */
class DoctorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    /** A migrated, seeded instance whose HTTP port is free, with its storage folders made by doctor --fix. */
    static TestInstance healthy(DatabaseEngine engine, Path home) throws Exception {
        TestInstance instance = new TestInstance(engine, home).with("PORTICO_HTTP_PORT", String.valueOf(freePort()));
        TestInstance.Result migrated = instance.run("migrate", "--seed");
        assertEquals(0, migrated.exitCode(), migrated.toString());
        TestInstance.Result fixed = instance.run("doctor", "--fix");
        assertEquals(0, fixed.exitCode(), fixed.toString());
        assertTrue(fixed.out().contains("fixed folders: created "), fixed.toString());
        for (String folder : new String[] {"logs", "cache/data", "backups"}) {
            assertTrue(Files.isDirectory(home.resolve("storage").resolve(folder)), folder);
        }
        return instance;
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The status column of the row named {@code check} (the name is padded to the widest name). */
    static String status(TestInstance.Result result, String check) {
        for (String line : result.out().split("\n")) {
            if (line.startsWith(check + "  ")) {
                return line.substring(check.length()).strip().split("\\s+")[0];
            }
        }
        throw new AssertionError("no row " + check + "\n" + result);
    }

    static String row(TestInstance.Result result, String check) {
        String[] lines = result.out().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(check + "  ")) {
                boolean action = i + 1 < lines.length && lines[i + 1].strip().startsWith("→");
                return lines[i] + (action ? "\n" + lines[i + 1] : "");
            }
        }
        throw new AssertionError("no row " + check + "\n" + result);
    }

    static void assertClean(TestInstance.Result result, String... secrets) {
        String all = result.out() + result.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception:") || all.contains("unexpectedly"),
                "no stack trace\n" + result);
        for (String secret : secrets) {
            assertFalse(all.contains(secret), "a secret was printed\n" + result);
        }
    }

    @Test
    void a_healthy_sqlite_instance_passes_every_check_and_exits_0() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.run("doctor");
            assertEquals(0, result.exitCode(), result.toString());
            for (String check : new String[] {"java", "configuration", "env file", "folders", "free disk", "database",
                "migrations", "migration checksums", "migration lock", "rollback", "key", "secrets", "http port",
                "cache"}) {
                assertEquals("ok", status(result, check), check + "\n" + result);
            }
            assertTrue(row(result, "java").contains("Portico " + BuildInfo.load().version() + " (release catalogue) "
                    + "needs 17 or newer"), result.toString());
            assertTrue(row(result, "database").matches("(?s).*connected in \\d+ ms, a query round trip \\d+ ms.*"),
                    result.toString());
            assertTrue(result.out().contains("PASSED: 14 checks: 14 ok, 0 failed."), result.toString());
            assertClean(result, instance.environment().get("APP_KEY"));
        }
    }

    @Test
    void an_env_file_readable_by_others_fails_and_fix_makes_it_600_and_passes() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            Path env = home.resolve(".env");
            Files.writeString(env, "APP_ENV=local\n");
            Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
            Path copy = home.resolve(".env.backup-20261127T230000Z");
            Files.writeString(copy, "APP_ENV=local\n");
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            Path example = home.resolve(".env.example");
            Files.writeString(example, "APP_KEY=\n");
            Files.setPosixFilePermissions(example, PosixFilePermissions.fromString("rw-r--r--"));

            TestInstance.Result sick = instance.run("doctor");
            assertEquals(3, sick.exitCode(), sick.toString());
            assertEquals("failed", status(sick, "env file"), sick.toString());
            assertTrue(row(sick, "env file").contains(".env has mode 644"), sick.toString());
            assertTrue(row(sick, "env file").contains("→ chmod 600 .env"), sick.toString());

            TestInstance.Result fixed = instance.run("doctor", "--fix");
            assertEquals(0, fixed.exitCode(), fixed.toString());
            assertTrue(fixed.out().contains("fixed env file: set .env 644 → 600"), fixed.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
            assertEquals("APP_ENV=local\n", Files.readString(env), "the content is untouched");
            assertEquals("ok", status(fixed, "env file"), fixed.toString());
            assertTrue(row(fixed, "env file").contains("2 files (.env, .env.backup-20261127T230000Z) are readable by "
                    + "the owner only"), "an .env.example is not Portico's\n" + fixed);
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(example)));
        }
    }

    @Test
    void a_wrong_app_key_fails_naming_both_fingerprints_and_never_the_key() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            AppKey right = AppKey.parse(instance.environment().get("APP_KEY"));
            AppKey wrong = AppKey.generate();
            TestInstance.Result result = instance.with("APP_KEY", wrong.encoded()).run("doctor");
            assertEquals(3, result.exitCode(), result.toString());
            assertEquals("failed", status(result, "key"), result.toString());
            assertTrue(row(result, "key").contains(wrong.fingerprint()), result.toString());
            assertTrue(row(result, "key").contains(right.fingerprint()), result.toString());
            assertEquals("skipped", status(result, "secrets"), result.toString());
            assertClean(result, wrong.encoded(), right.encoded(), wrong.encoded().substring(7));
        }
    }

    @Test
    void an_edited_migration_checksum_in_the_history_fails_naming_the_migration() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            execute(instance, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
            TestInstance.Result result = instance.run("doctor");
            assertEquals(3, result.exitCode(), result.toString());
            assertEquals("failed", status(result, "migration checksums"), result.toString());
            assertTrue(row(result, "migration checksums").contains("migration 1 ("), result.toString());
            assertTrue(row(result, "migration checksums").contains("checksum"), result.toString());
            assertEquals("ok", status(result, "migrations"), "nothing is pending\n" + result);
        }
    }

    @Test
    void pending_migrations_fail_saying_to_back_up_and_migrate() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            int latest;
            try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history")) {
                rows.next();
                latest = rows.getInt(1);
            }
            execute(instance, "DELETE FROM flyway_schema_history WHERE version = '" + latest + "'");
            TestInstance.Result result = instance.run("doctor");
            assertEquals(3, result.exitCode(), result.toString());
            assertEquals("failed", status(result, "migrations"), result.toString());
            assertTrue(row(result, "migrations").contains("1 pending migration(s): schema " + (latest - 1)
                    + ", this Portico needs " + latest), result.toString());
            assertTrue(row(result, "migrations").contains("portico migrate"), result.toString());
        }
    }

    @Test
    void a_stale_lock_file_fails_and_fix_clears_it_while_a_live_holder_only_warns() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            long gone = GoneProcess.pid();
            Path lockFile = Path.of(instance.database().sqliteFile() + ".lock");
            Files.writeString(lockFile, "pid " + gone + " started 2026-11-27T23:00:00Z\n");

            TestInstance.Result stale = instance.run("doctor");
            assertEquals(3, stale.exitCode(), stale.toString());
            assertEquals("failed", status(stale, "migration lock"), stale.toString());
            assertTrue(row(stale, "migration lock").contains("pid " + gone), stale.toString());

            TestInstance.Result fixed = instance.run("doctor", "--fix");
            assertEquals(0, fixed.exitCode(), fixed.toString());
            assertTrue(fixed.out().contains("fixed migration lock: cleared the stale lock file (pid " + gone),
                    fixed.toString());
            assertEquals("", Files.readString(lockFile), "the holder record is gone");
            assertEquals("ok", status(fixed, "migration lock"), fixed.toString());

            try (App holder = new App(home, instance.environment());
                 MigrationLock lock = MigrationLock.acquire(holder.database(), Duration.ofSeconds(5))) {
                assertTrue(Files.readString(lockFile).startsWith("pid " + ProcessHandle.current().pid() + " started "));
                TestInstance.Result held = instance.run("doctor", "--fix");
                assertEquals(0, held.exitCode(), "a live holder is a warning\n" + held);
                assertEquals("warn", status(held, "migration lock"), held.toString());
                assertTrue(row(held, "migration lock").contains("let it finish"), held.toString());
            }
            assertEquals("", Files.readString(lockFile), "released: the record is emptied");
        }
    }

    @Test
    void a_file_where_a_storage_folder_should_be_fails_and_a_missing_folder_is_created_by_fix() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            Path cacheData = home.resolve("storage/cache/data");
            Files.delete(cacheData);
            TestInstance.Result missing = instance.run("doctor");
            assertEquals(0, missing.exitCode(), missing.toString());
            assertEquals("ok", status(missing, "folders"), "Portico makes a folder on first use\n" + missing);
            assertTrue(row(missing, "folders").contains("storage/cache/data not there yet"), missing.toString());
            TestInstance.Result fixed = instance.run("doctor", "--fix");
            assertEquals(0, fixed.exitCode(), fixed.toString());
            assertTrue(fixed.out().contains("fixed folders: created storage/cache/data"), fixed.toString());
            assertTrue(Files.isDirectory(cacheData));
            assertEquals("ok", status(fixed, "folders"), fixed.toString());

            Path backups = home.resolve("storage/backups");
            Files.delete(backups);
            Files.writeString(backups, "not a folder");
            TestInstance.Result blocked = instance.run("doctor", "--fix");
            assertEquals(3, blocked.exitCode(), blocked.toString());
            assertEquals("failed", status(blocked, "folders"), blocked.toString());
            assertTrue(row(blocked, "folders").contains(backups + " is a file, not a folder"), blocked.toString());
            assertEquals("not a folder", Files.readString(backups), "doctor never moves a file");
            assertClean(blocked);
        }
    }

    @Test
    void an_unreachable_database_is_a_failed_row_and_the_checks_that_need_it_are_skipped() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.POSTGRESQL, home)) {
            TestInstance.Result result = instance.with("DB_PORT", "1").with("DB_PASSWORD", "pg-Secret-9Qz")
                    .with("PORTICO_HTTP_PORT", String.valueOf(freePort())).run("doctor");
            assertEquals(3, result.exitCode(), result.toString());
            assertEquals("failed", status(result, "database"), result.toString());
            assertTrue(row(result, "database").contains("127.0.0.1:1"), result.toString());
            for (String check : new String[] {"migrations", "migration checksums", "migration lock", "key", "secrets"}) {
                assertTrue(row(result, check).contains("skipped  database unreachable"), check + "\n" + result);
            }
            assertEquals("ok", status(result, "java"), result.toString());
            assertClean(result, "pg-Secret-9Qz");
        }
    }

    @Test
    void a_missing_sqlite_database_fails_and_is_not_created() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.with("PORTICO_HTTP_PORT", "0").run("doctor");
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result, "database").contains("does not exist"), result.toString());
            assertTrue(row(result, "database").contains("portico setup"), result.toString());
            assertFalse(Files.exists(instance.database().sqliteFile()), "doctor writes no database");
            assertClean(result);
        }
    }

    @Test
    void a_port_held_by_another_program_fails() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home);
             ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            TestInstance.Result result = instance.with("PORTICO_HTTP_PORT", String.valueOf(other.getLocalPort()))
                    .run("doctor");
            assertEquals(3, result.exitCode(), result.toString());
            assertEquals("failed", status(result, "http port"), result.toString());
            assertTrue(row(result, "http port").contains("in use by another program"), result.toString());
            assertTrue(row(result, "http port").contains("PORTICO_HTTP_PORT"), result.toString());
        }
    }

    @Test
    void an_unreachable_redis_fails_the_cache_row() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result down = instance.with("CACHE_DRIVER", "redis").with("REDIS_PORT", "1")
                    .with("REDIS_PASSWORD", "redis-Pw-7Kq").run("doctor");
            assertEquals(3, down.exitCode(), down.toString());
            assertEquals("failed", status(down, "cache"), down.toString());
            assertTrue(row(down, "cache").contains("127.0.0.1:1"), down.toString());
            assertTrue(row(down, "cache").contains("REDIS_HOST"), down.toString());
            assertClean(down, "redis-Pw-7Kq");

            TestInstance.Result up = instance.with("REDIS_PORT", "6379").with("REDIS_PASSWORD", null).run("doctor");
            assertEquals("ok", status(up, "cache"), up.toString());
            assertTrue(row(up, "cache").contains("answered PONG"), up.toString());
        }
    }

    @Test
    void an_invalid_configuration_is_a_failed_row_and_the_rest_that_needs_it_is_skipped() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.with("CACHE_DRIVER", "memcached").run("doctor");
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result, "configuration").contains("CACHE_DRIVER"), result.toString());
            assertTrue(row(result, "database").contains("skipped  the configuration is invalid"), result.toString());
            assertClean(result);
        }
    }

    @Test
    void json_output_has_a_row_per_check_with_the_action_and_what_was_fixed() throws Exception {
        try (TestInstance instance = healthy(DatabaseEngine.SQLITE, home)) {
            Path env = home.resolve(".env");
            Files.writeString(env, "APP_ENV=local\n");
            Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-rw-r--"));
            TestInstance.Result sick = instance.run("doctor", "--json");
            assertEquals(3, sick.exitCode(), sick.toString());
            JsonNode json = JSON.readTree(sick.out());
            assertFalse(json.get("passed").asBoolean());
            assertEquals(14, json.get("checks").size());
            JsonNode envRow = json.get("checks").get(2);
            assertEquals("env file", envRow.get("name").asText());
            assertEquals("failed", envRow.get("status").asText());
            assertTrue(envRow.get("action").asText().contains("chmod 600"), sick.out());
            assertFalse(json.get("checks").get(0).has("action"), "an ok row has no action\n" + sick.out());

            TestInstance.Result fixed = instance.run("doctor", "--fix", "--json");
            assertEquals(0, fixed.exitCode(), fixed.toString());
            JsonNode after = JSON.readTree(fixed.out());
            assertTrue(after.get("passed").asBoolean());
            assertEquals("fixed env file: set .env 664 → 600", after.get("fixed").get(0).asText());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseEngine.class, names = {"POSTGRESQL", "MYSQL"})
    void a_server_database_passes_and_a_lock_held_by_another_session_is_a_warning_naming_it(DatabaseEngine engine)
            throws Exception {
        try (TestInstance instance = healthy(engine, home)) {
            TestInstance.Result result = instance.run("doctor");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals("ok", status(result, "database"), result.toString());
            assertEquals("ok", status(result, "migration lock"), result.toString());
            assertTrue(row(result, "migration lock").contains("cannot go stale"), result.toString());

            try (App holder = new App(home, instance.environment());
                 MigrationLock lock = MigrationLock.acquire(holder.database(), Duration.ofSeconds(5))) {
                TestInstance.Result held = instance.run("doctor");
                assertEquals(0, held.exitCode(), held.toString());
                assertEquals("warn", status(held, "migration lock"), held.toString());
                assertTrue(row(held, "migration lock").contains(engine == DatabaseEngine.POSTGRESQL
                        ? "held by session pid " : "held by connection id "), held.toString());
            }
            execute(instance, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
            TestInstance.Result edited = instance.run("doctor");
            assertEquals(3, edited.exitCode(), edited.toString());
            assertEquals("failed", status(edited, "migration checksums"), edited.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseEngine.class, names = {"POSTGRESQL", "MYSQL"})
    void an_unreachable_server_database_exits_3_without_a_stack_trace(DatabaseEngine engine) throws Exception {
        try (TestInstance instance = new TestInstance(engine, home)) {
            TestInstance.Result result = instance.with("DB_HOST", "127.0.0.1").with("DB_PORT", "1")
                    .with("PORTICO_HTTP_PORT", "0").run("doctor");
            assertEquals(3, result.exitCode(), result.toString());
            assertEquals("failed", status(result, "database"), result.toString());
            assertTrue(row(result, "database").contains("DB_HOST"), result.toString());
            assertTrue(row(result, "key").contains("skipped  database unreachable"), result.toString());
            assertClean(result);
        }
    }

    private static void execute(TestInstance instance, String sql) throws Exception {
        try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
