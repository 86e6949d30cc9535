package dev.portico.cli;

import static dev.portico.cli.MigrateCommandsTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.ConfigLoader;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.systemdb.MigrationLock;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checks that stand between a command and a system database it would damage. */
class LifecycleGuardsTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_wrong_app_key_is_refused_before_anything_is_written_naming_both_fingerprints(DatabaseEngine engine)
            throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            AppKey sealedWith = AppKey.parse(instance.environment().get("APP_KEY"));
            AppKey other = AppKey.generate();
            instance.with("APP_KEY", other.encoded());
            deleteApps(instance);
            for (String[] command : new String[][] {{"migrate", "--seed"}, {"db:seed"}, {"setup"}}) {
                TestInstance.Result refused = instance.run(command);
                assertEquals(4, refused.exitCode(), refused.toString());
                assertTrue(refused.err().contains(other.fingerprint()), refused.toString());
                assertTrue(refused.err().contains(sealedWith.fingerprint()), refused.toString());
                assertFalse(refused.err().contains(other.encoded()) || refused.err().contains(sealedWith.encoded()));
            }
            assertEquals(0, count(instance, "SELECT COUNT(*) FROM app"), "nothing was seeded with the wrong key");
            assertEquals(0, count(instance, "SELECT COUNT(*) FROM user_account"), "no admin was created");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_missing_app_key_on_a_sealed_database_names_the_key_it_needs(DatabaseEngine engine) {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("migrate").exitCode());
            String fingerprint = AppKey.parse(instance.environment().get("APP_KEY")).fingerprint();
            TestInstance.Result refused = instance.with("APP_KEY", null).run("migrate");
            assertEquals(4, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("APP_KEY is not set"), refused.toString());
            assertTrue(refused.err().contains(fingerprint), refused.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_schema_migrated_by_a_newer_portico_is_refused(DatabaseEngine engine) throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("migrate").exitCode());
            execute(instance, "UPDATE instance SET portico_version = '99.0.0'");
            TestInstance.Result byVersion = instance.run("migrate");
            assertEquals(4, byVersion.exitCode(), byVersion.toString());
            assertTrue(byVersion.err().contains("99.0.0"), byVersion.toString());
            execute(instance, "UPDATE instance SET portico_version = '0.0.1'");
            execute(instance, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, installed_on, execution_time, success) VALUES (99, '99', 'from the future', "
                    + "'SQL', 'V99__from_the_future.sql', 1, 'test', CURRENT_TIMESTAMP, 1, " + trueLiteral(engine) + ")");
            TestInstance.Result bySchema = instance.run("migrate");
            assertEquals(4, bySchema.exitCode(), bySchema.toString());
            assertTrue(bySchema.err().contains("schema version(s) 99"), bySchema.toString());
            assertEquals(4, instance.run("db:seed").exitCode());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void migrate_waits_for_the_lock_and_says_busy_when_it_is_never_released(DatabaseEngine engine) {
        try (TestInstance instance = new TestInstance(engine, home)) {
            instance.with("PORTICO_LOCK_TIMEOUT", "1");
            var config = new ConfigLoader(instance.environment()).load(home);
            try (SystemDatabase database = new SystemDatabase(config.database(), 1);
                 MigrationLock held = MigrationLock.acquire(database, Duration.ofSeconds(5))) {
                TestInstance.Result busy = instance.run("migrate");
                assertEquals(5, busy.exitCode(), busy.toString());
                assertTrue(busy.err().contains("holds the migration lock"), busy.toString());
                assertTrue(busy.err().contains("PORTICO_LOCK_TIMEOUT"), busy.toString());
            }
            assertEquals(0, instance.run("migrate").exitCode(), "the lock is free again once released");
        }
    }

    private static void deleteApps(TestInstance instance) throws SQLException {
        execute(instance, "DELETE FROM app");
    }

    static void execute(TestInstance instance, String sql) throws SQLException {
        try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String trueLiteral(DatabaseEngine engine) {
        return engine == DatabaseEngine.POSTGRESQL ? "true" : "1";
    }
}
