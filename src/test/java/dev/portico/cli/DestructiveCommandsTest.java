package dev.portico.cli;

import static dev.portico.cli.MigrateCommandsTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** migrate:fresh, migrate:reset, db:seed and the dry run: what they change, and what they refuse. */
class DestructiveCommandsTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void fresh_needs_force_without_a_terminal_and_then_starts_over(DatabaseEngine engine) throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("setup").exitCode());
            String instanceId = single(instance, "SELECT instance_id FROM instance");
            TestInstance.Result refused = instance.run("migrate:fresh", "--seed");
            assertEquals(4, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("--force"), refused.toString());
            assertEquals(1, count(instance, "SELECT COUNT(*) FROM user_account"), "nothing was dropped");

            TestInstance.Result fresh = instance.run("migrate:fresh", "--seed", "--force");
            assertEquals(0, fresh.exitCode(), fresh.toString());
            assertEquals(0, count(instance, "SELECT COUNT(*) FROM user_account"), "the admin is gone");
            assertEquals(2, count(instance, "SELECT COUNT(*) FROM app"), "seeded again");
            assertNotEquals(instanceId, single(instance, "SELECT instance_id FROM instance"), "a new instance");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void reset_leaves_an_empty_database_that_migrates_again(DatabaseEngine engine) throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            assertEquals(4, instance.run("migrate:reset").exitCode());
            TestInstance.Result reset = instance.run("migrate:reset", "--force");
            assertEquals(0, reset.exitCode(), reset.toString());
            assertEquals(0, tables(instance), "no table is left");
            TestInstance.Result version = instance.run("version", "--json");
            assertTrue(version.out().contains("\"applied\" : 0") && version.out().contains("\"pending\" : " + latest(engine)), version.out());
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            assertEquals(2, count(instance, "SELECT COUNT(*) FROM app"));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void seeding_twice_changes_nothing_and_api_keys_are_random_per_instance(DatabaseEngine engine) throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            String keyBefore = single(instance, "SELECT api_key FROM app WHERE name = 'admin'");
            TestInstance.Result again = instance.run("db:seed");
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.out().contains("nothing to add"), again.toString());
            assertEquals(keyBefore, single(instance, "SELECT api_key FROM app WHERE name = 'admin'"));
            assertTrue(keyBefore.matches("[0-9a-f]{64}"), keyBefore);
            assertNotEquals(keyBefore, single(instance, "SELECT api_key FROM app WHERE name = 'api_docs'"));
            assertEquals(3, count(instance, "SELECT COUNT(*) FROM service"));
            assertEquals(3, count(instance, "SELECT COUNT(*) FROM email_template"));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_dry_run_lists_the_sql_and_changes_nothing(DatabaseEngine engine) throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            TestInstance.Result dryRun = instance.run("migrate", "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.toString());
            assertTrue(dryRun.out().contains(latest(engine) + " migration(s) would run"), dryRun.toString());
            assertTrue(dryRun.out().contains("-- V1 system schema"), dryRun.toString());
            assertTrue(dryRun.out().contains("CREATE TABLE user_account"), dryRun.toString());
            assertEquals(0, tables(instance), "a dry run creates nothing");
            TestInstance.Result status = instance.run("migrate:status", "--json");
            assertTrue(status.out().contains("\"state\" : \"pending\""), status.toString());
            assertEquals(0, instance.run("migrate").exitCode());
            assertTrue(instance.run("migrate:status").out().contains("applied"));
            assertFalse(instance.run("migrate", "--dry-run").out().contains("CREATE TABLE"));
        }
    }

    private static String single(TestInstance instance, String sql) throws SQLException {
        try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql);
            return rows.getString(1);
        }
    }

    private static int tables(TestInstance instance) throws SQLException {
        try (Connection connection = instance.database().connect();
             ResultSet rows = connection.getMetaData().getTables(connection.getCatalog(),
                     instance.database().engine() == DatabaseEngine.POSTGRESQL ? "public" : null, "%",
                     new String[] {"TABLE"})) {
            int tables = 0;
            while (rows.next()) {
                tables++;
            }
            return tables;
        }
    }

    private static int latest(DatabaseEngine engine) {
        return dev.portico.systemdb.MigrationCatalog.forEngine(engine).latest();
    }
}
