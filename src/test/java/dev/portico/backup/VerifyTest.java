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
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code portico verify}: every check a row, a failed check exit 3 naming the row, refusals exit 4. */
class VerifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path folder;

    private static Path archive;
    private static String key;

    @BeforeAll
    static void backUpARichSqliteInstance() throws Exception {
        archive = shared.resolve("source.zip");
        try (TestInstance source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(shared.resolve("src")))) {
            VerifyFixture.setUp(source);
            ok(source.run("backup", "--out", archive.toString()));
            key = source.environment().get("APP_KEY");
        }
    }

    private TestInstance restored(DatabaseEngine engine) throws Exception {
        TestInstance target = new TestInstance(engine, Files.createTempDirectory(folder, "target")).with("APP_KEY", key);
        ok(target.run("restore", archive.toString()));
        return target;
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void an_archive_from_sqlite_restored_onto_any_engine_verifies_against_it_and_on_its_own(DatabaseEngine engine)
            throws Exception {
        try (TestInstance target = restored(engine)) {
            TestInstance.Result against = ok(target.run("verify", "--against", archive.toString()));
            for (String check : new String[] {"archive", "key", "users", "api configurations", "scripts", "settings",
                "secrets", "references", "connection crm", "connection shop", "table user_account"}) {
                assertTrue(row(against.out(), check).contains(" ok "), check + " passes\n" + against);
            }
            assertTrue(row(against.out(), "connection crm").contains("reachable"), against.toString());
            assertTrue(row(against.out(), "connections (other services)").contains("skipped"), against.toString());
            assertTrue(against.out().contains("PASSED: "), against.toString());
            TestInstance.Result internal = ok(target.run("verify"));
            assertTrue(row(internal.out(), "secrets").contains("2 sealed secrets, each opens"), internal.toString());
            assertTrue(row(internal.out(), "users").contains("3 users, 1 with a password"), internal.toString());
            assertNoSecret(against, key);
            assertNoSecret(internal, key);
        }
    }

    @Test
    void an_archive_from_mariadb_restored_onto_postgresql_verifies_against_it() throws Exception {
        Path fromMaria = folder.resolve("maria.zip");
        try (TestInstance source = new TestInstance(DatabaseEngine.MYSQL, Files.createDirectories(folder.resolve("maria")))) {
            VerifyFixture.setUp(source);
            ok(source.run("backup", "--out", fromMaria.toString()));
            ok(source.run("verify", "--against", fromMaria.toString()));
            try (TestInstance target = new TestInstance(DatabaseEngine.POSTGRESQL, Files.createDirectories(
                    folder.resolve("pg"))).with("APP_KEY", source.environment().get("APP_KEY"))) {
                ok(target.run("restore", fromMaria.toString()));
                TestInstance.Result result = ok(target.run("verify", "--against", fromMaria.toString()));
                assertTrue(row(result.out(), "table role").contains("SHA-256 equal to the archive's"), result.toString());
            }
        }
    }

    @Test
    void an_older_archive_migrated_forward_by_its_restore_verifies_on_the_archive_columns() throws Exception {
        Path older = FixtureArchives.archive(1);
        try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, folder).with("APP_KEY", FixtureArchives.appKey())) {
            ok(target.run("restore", older.toString()));
            TestInstance.Result result = target.run("verify", "--against", older.toString());
            assertTrue(row(result.out(), "schema").contains("the archive's schema 1 was migrated forward to "),
                    result.toString());
            assertTrue(row(result.out(), "table instance").contains(" ok ")
                    && row(result.out(), "table instance").contains("columns added since the archive's schema not "
                    + "compared: [maintenance_started_at"), result.toString());
            assertTrue(row(result.out(), "table role").contains("SHA-256 equal to the archive's"), result.toString());
            // the fixture's crm service points at db.internal, which does not exist here: the only failure
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result.out(), "connection crm").contains(" failed "), result.toString());
            assertEquals(1, result.out().lines().filter(line -> line.matches("\\S.*?\\s+failed\\s.*")).count(),
                    result.toString());
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "UPDATE user_account SET password = '$2y$04$abcdefghijklmnopqrstuuJ1Zr6bqDLpfn1cLCyBSiGZl0nWvAXe2' WHERE email = 'zoe@example.com'"
            + "|users|<zoe@example.com> changed (password)",
        "DELETE FROM user_account WHERE email = 'zoe@example.com'|users|<zoe@example.com> missing",
        "UPDATE service SET config = '{\"host\":\"elsewhere\"}' WHERE name = 'crm'|api configurations|<crm> changed (config)",
        "UPDATE event_script SET content = 'return;'|scripts|<db._table.orders.get.pre_process> changed (content)",
        "UPDATE setting SET value = 'light'|settings|setting: id 1 <theme> changed (value)",
        "UPDATE lookup SET private = 0|settings|lookup: id 1 <region> changed (private)"})
    void a_change_after_the_restore_fails_the_named_check_with_exit_3_naming_the_row(String sql, String check,
                                                                                    String detail) throws Exception {
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            VerifyFixture.execute(target, sql);
            TestInstance.Result result = target.run("verify", "--against", archive.toString());
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result.out(), check).contains(" failed "), result.toString());
            assertTrue(row(result.out(), check).contains(detail), result.toString());
            assertTrue(result.out().contains("FAILED: "), result.toString());
        }
    }

    @Test
    void maintenance_mode_is_running_state_and_never_compared_with_an_archive() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, Files.createTempDirectory(folder, "down"))) {
            ok(instance.run("migrate", "--seed"));
            Path up = folder.resolve("made-while-up.zip");
            ok(instance.run("backup", "--out", up.toString()));
            ok(instance.run("down", "--secret", "let me in", "--retry", "30"));
            TestInstance.Result result = ok(instance.run("verify", "--against", up.toString()));
            assertTrue(row(result.out(), "table instance").contains(" ok ")
                    && row(result.out(), "table instance").contains("not compared (set by a migration, or running state): "
                    + "[maintenance_retry_seconds, maintenance_secret_hash, maintenance_started_at]"), result.toString());
        }
    }

    @Test
    void a_malformed_password_hash_fails_users_even_without_an_archive() throws Exception {
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            VerifyFixture.execute(target, "UPDATE user_account SET password = 'plain text' WHERE email = 'zoe@example.com'");
            TestInstance.Result result = target.run("verify");
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result.out(), "users").contains("<zoe@example.com>: the password is not a well-formed bcrypt"),
                    result.toString());
            assertFalse(result.out().contains("plain text"), result.toString());
        }
    }

    @Test
    void a_secret_sealed_with_another_key_fails_the_secrets_check() throws Exception {
        AppKey other = AppKey.generate();
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            VerifyFixture.execute(target, "UPDATE lookup SET value = '" + new SecretBox(other).seal("x") + "'");
            TestInstance.Result result = target.run("verify");
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result.out(), "secrets").contains("lookup id 1 value is sealed with key " + other.fingerprint()),
                    result.toString());
        }
    }

    @Test
    void another_app_key_than_the_database_was_sealed_with_fails_the_key_and_secrets_checks() throws Exception {
        AppKey other = AppKey.generate();
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = target.with("APP_KEY", other.encoded()).run("verify");
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result.out(), "key").contains(" failed ") && row(result.out(), "key").contains(
                    other.fingerprint()) && row(result.out(), "key").contains(AppKey.parse(key).fingerprint()), result.toString());
            assertTrue(row(result.out(), "secrets").contains(" failed "), result.toString());
            assertFalse(result.out().contains(other.encoded()), result.toString());
        }
    }

    @Test
    void an_orphan_row_fails_referential_integrity_naming_the_foreign_key_and_the_row() throws Exception {
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            VerifyFixture.execute(target, "PRAGMA foreign_keys = OFF", "UPDATE user_app_role SET role_id = 999");
            TestInstance.Result result = target.run("verify");
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result.out(), "references").contains("user_app_role.role_id → role: 1 row(s) point at a "
                    + "missing role (ids [1])"), result.toString());
        }
    }

    @Test
    void an_unreachable_database_service_fails_connections_while_the_reachable_ones_pass() throws Exception {
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            VerifyFixture.execute(target, "INSERT INTO service (name, label, is_active, type, mutable, deletable, config, "
                    + "created_at, updated_at) VALUES ('gone', 'Gone', 1, 'pgsql', 1, 1, "
                    + "'{\"host\":\"127.0.0.1\",\"port\":1,\"database\":\"x\",\"username\":\"u\"}', "
                    + "'2024-01-01 00:00:00.000000', '2024-01-01 00:00:00.000000')",
                    sqliteService("lite", target.database().sqliteFile().toString()),
                    sqliteService("nofile", "storage/missing.sqlite"));
            TestInstance.Result result = target.run("verify");
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(row(result.out(), "connection gone").contains(" failed   unreachable after"), result.toString());
            assertTrue(row(result.out(), "connection gone").contains("pgsql 127.0.0.1:1/x as u"), result.toString());
            assertTrue(row(result.out(), "connection crm").contains(" ok "), result.toString());
            assertTrue(row(result.out(), "connection shop").contains(" ok "), result.toString());
            assertTrue(row(result.out(), "connection lite").contains(" ok "), result.toString());
            assertTrue(row(result.out(), "connection nofile").contains("there is no SQLite database file at "
                    + target.home().resolve("storage/missing.sqlite")), result.toString());
            assertFalse(Files.exists(target.home().resolve("storage/missing.sqlite")), "the check created no file");
        }
    }

    @Test
    void an_unreachable_system_database_fails_with_exit_1_and_a_missing_key_is_refused_with_exit_4() throws Exception {
        try (TestInstance target = new TestInstance(DatabaseEngine.SQLITE, folder)) {
            target.with("DB_CONNECTION", "pgsql").with("DB_HOST", "127.0.0.1").with("DB_PORT", "1")
                    .with("DB_DATABASE", "nowhere").with("DB_USERNAME", "nobody");
            TestInstance.Result unreachable = target.run("verify");
            assertEquals(1, unreachable.exitCode(), unreachable.toString());
            assertTrue(unreachable.err().contains("Cannot reach the PostgreSQL database 'nowhere' at 127.0.0.1:1"),
                    unreachable.toString());
            TestInstance.Result noKey = target.with("APP_KEY", null).run("verify");
            assertEquals(4, noKey.exitCode(), noKey.toString());
            assertTrue(noKey.err().contains("APP_KEY is not set"), noKey.toString());
        }
    }

    private static String sqliteService(String name, String file) {
        return "INSERT INTO service (name, label, is_active, type, mutable, deletable, config, created_at, updated_at) "
                + "VALUES ('" + name + "', 'L', 1, 'sqlite', 1, 1, '{\"database\":\"" + file + "\"}', "
                + "'2024-01-01 00:00:00.000000', '2024-01-01 00:00:00.000000')";
    }

    @Test
    void json_output_is_an_array_of_checks_with_a_summary() throws Exception {
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            VerifyFixture.execute(target, "UPDATE setting SET value = 'light'");
            TestInstance.Result result = target.run("verify", "--against", archive.toString(), "--json");
            assertEquals(3, result.exitCode(), result.toString());
            JsonNode json = JSON.readTree(result.out());
            assertFalse(json.get("passed").asBoolean());
            assertEquals(2, json.get("summary").get("failed").asInt(), "settings and table setting\n" + result.out());
            JsonNode settings = null;
            for (JsonNode check : json.get("checks")) {
                assertTrue(check.has("name") && check.has("status") && check.has("detail"), check.toString());
                if (check.get("name").asText().equals("settings")) {
                    settings = check;
                }
            }
            assertEquals("failed", settings.get("status").asText());
            assertTrue(settings.get("detail").asText().contains("setting: id 1 <theme> changed (value)"), result.out());
        }
    }

    @Test
    void a_wrong_app_key_against_the_archive_is_refused_with_exit_4_naming_both_fingerprints() throws Exception {
        AppKey other = AppKey.generate();
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = target.with("APP_KEY", other.encoded()).run("verify", "--against", archive.toString());
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains(other.fingerprint()) && result.err().contains(AppKey.parse(key).fingerprint()),
                    result.toString());
            assertFalse(result.err().contains(other.encoded()), result.toString());
        }
    }

    @Test
    void a_damaged_archive_fails_with_exit_3_before_any_comparison() throws Exception {
        Path truncated = folder.resolve("truncated.zip");
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        try (TestInstance target = restored(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = target.run("verify", "--against", truncated.toString());
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(result.err().contains("not a complete ZIP archive"), result.toString());
            assertFalse(result.out().contains("CHECK"), "no comparison ran\n" + result);
        }
    }

    /** The table row of {@code check}, or "" when there is none. */
    static String row(String out, String check) {
        Optional<String> line = out.lines().filter(l -> l.startsWith(check + " ")).findFirst();
        return line.orElse("");
    }

    /** Neither the fixture's secrets nor {@code appKey} appear anywhere in what a command printed. */
    static void assertNoSecret(TestInstance.Result result, String appKey) {
        for (String secret : new String[] {VerifyFixture.SERVICE_PASSWORD, VerifyFixture.LOOKUP_VALUE,
            VerifyFixture.ADMIN_PASSWORD, appKey}) {
            assertFalse(result.out().contains(secret) || result.err().contains(secret), "a secret was printed\n" + result);
        }
    }
}
