package dev.portico.upgrade;

import static dev.portico.upgrade.UpgradeFixture.execute;
import static dev.portico.upgrade.UpgradeFixture.schema;
import static dev.portico.upgrade.UpgradeFixture.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real failure at each step of {@code portico upgrade} (the backup folder unwritable, a broken migration,
 * a seed the database refuses, data changed during the migration): the rollback point is restored, the
 * instance verifies equal to it, maintenance mode is off, and the exit code is the failure's.
 */
class UpgradeFailureTest {
    private static final int FAILED = ErrorCode.FAILED.exitCode();
    /** The fixture's user (see FixtureArchives). */
    private static final String USER = "zoe@example.com";

    @TempDir
    Path home;

    @Test
    void a_backup_that_cannot_be_written_stops_the_upgrade_before_any_migration_and_ends_maintenance() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            Path before = home.resolve("before.zip");
            assertEquals(0, instance.run("backup", "--out", before.toString()).exitCode());
            Files.createDirectories(home.resolve("storage"));
            Files.writeString(home.resolve("storage/backups"), "a file where the backups folder should be");

            TestInstance.Result upgrade = UpgradeFixture.upgradeWithGoodMigrations(instance);
            assertEquals(FAILED, upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("The upgrade failed at step 3 of 8 (verified backup (the rollback point))"),
                    upgrade.toString());
            assertTrue(upgrade.err().contains("Nothing was migrated and no rollback point was needed; maintenance mode "
                    + "is off again: the instance is as it was before."), upgrade.toString());
            assertEquals(2, schema(instance));
            assertNull(single(instance, "SELECT maintenance_started_at FROM instance"), "maintenance off");
            UpgradeFixture.verifiesAgainst(instance, before);
        }
    }

    @Test
    void a_row_that_cannot_be_backed_up_stops_the_upgrade_before_maintenance_mode_and_writes_nothing() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            execute(instance, "INSERT INTO setting (name, value, created_at, updated_at) "
                    + "VALUES ('odd', 'x', 'yesterday', 'yesterday')");
            TestInstance.Result upgrade = UpgradeFixture.upgradeWithGoodMigrations(instance);
            assertEquals(FAILED, upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("The upgrade failed at step 2 of 8 (maintenance mode on): Cannot read "
                    + "setting.created_at: it holds 'yesterday' where the schema expects a UTC timestamp"), upgrade.toString());
            assertTrue(upgrade.err().contains("Nothing was migrated and no rollback point was needed: the instance is as "
                    + "it was before."), upgrade.toString());
            assertFalse(upgrade.out().contains("maintenance mode on at"), upgrade.toString());
            assertNull(single(instance, "SELECT maintenance_started_at FROM instance"), "never down");
            assertEquals(2, schema(instance));
            assertEquals(0, UpgradeCommandTest.files(home.resolve("storage/backups")), "no backup was started");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_broken_migration_is_undone_by_restoring_the_rollback_point(DatabaseEngine engine) throws Exception {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            TestInstance.Result upgrade = UpgradeFixture.withTestMigrations("broken", () -> instance.run("upgrade", "--yes"));
            assertEquals(FAILED, upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("The upgrade failed at step 4 of 8 (migrations under the lock)"),
                    upgrade.toString());
            assertTrue(upgrade.err().contains("was restored automatically (database) and verifies equal to its "
                    + "archive; maintenance mode is off: the instance is as it was before the upgrade (schema 2"),
                    upgrade.toString());
            assertRestored(instance, 2);
            assertNull(single(instance, "SELECT maintenance_started_at FROM instance"), "maintenance off");
            assertEquals("0", single(instance, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '3'"),
                    "no trace of the failed migration");
        }
    }

    @Test
    void a_migration_of_schema_1_that_fails_on_a_hand_made_column_leaves_the_instance_as_it_was() throws Exception {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            execute(instance, "ALTER TABLE instance ADD COLUMN maintenance_secret_hash TEXT");
            TestInstance.Result upgrade = instance.run("upgrade", "--yes");
            assertEquals(FAILED, upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("at step 4 of 8 (migrations under the lock): A migration failed"),
                    upgrade.toString());
            assertTrue(upgrade.err().contains("Failed to execute script V2__maintenance_mode.sql"), upgrade.toString());
            assertRestored(instance, 1);
        }
    }

    @Test
    void a_seed_the_database_refuses_is_undone_by_restoring_the_rollback_point() throws Exception {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            execute(instance, "DELETE FROM email_template WHERE name = 'Password Reset Default'",
                    "CREATE TRIGGER frozen_templates BEFORE INSERT ON email_template "
                    + "BEGIN SELECT RAISE(ABORT, 'email templates are frozen here'); END");
            TestInstance.Result upgrade = instance.run("upgrade", "--yes");
            assertEquals(FAILED, upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("The upgrade failed at step 6 of 8 (seed)"), upgrade.toString());
            assertTrue(upgrade.out().contains("emptying the schema, building schema 1 again and loading the archive in "
                    + "one transaction"), upgrade.toString());
            assertTrue(upgrade.err().contains("dropped with the schema, as the archive holds Portico's rows only: trigger "
                    + "frozen_templates on email_template"), upgrade.toString());
            assertRestored(instance, 1);
            assertEquals("0", single(instance, "SELECT COUNT(*) FROM email_template WHERE name = 'Password Reset Default'"));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void data_changed_during_the_migration_fails_the_verification_naming_the_row_and_is_undone(DatabaseEngine engine)
            throws Exception {
        try (TestInstance instance = UpgradeFixture.schemaOne(engine, home)) {
            String name = single(instance, "SELECT name FROM user_account WHERE email = '" + USER + "'");
            String meddle = "UPDATE user_account SET name = 'changed behind the upgrade' WHERE email = '" + USER + "'";
            switch (engine) {
                case SQLITE -> execute(instance, "CREATE TRIGGER meddler AFTER INSERT ON flyway_schema_history BEGIN "
                        + meddle + "; END");
                // the function in another schema: the rollback drops the trigger with its table and leaves
                // other schemas alone
                case POSTGRESQL -> execute(instance, "CREATE SCHEMA meddling", "CREATE FUNCTION meddling.meddle() "
                        + "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " + meddle + "; RETURN NEW; END $$",
                        "CREATE TRIGGER meddler AFTER INSERT ON flyway_schema_history FOR EACH ROW EXECUTE FUNCTION "
                        + "meddling.meddle()");
                case MYSQL -> execute(instance, "CREATE TRIGGER meddler AFTER INSERT ON flyway_schema_history FOR EACH "
                        + "ROW " + meddle);
            }
            TestInstance.Result upgrade = instance.run("upgrade", "--yes");
            assertEquals(ErrorCode.CHECKS_FAILED.exitCode(), upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("The upgrade failed at step 5 of 8 (verify --against the backup): the "
                    + "migrated database differs from the backup: users: user_account: id "), upgrade.toString());
            assertTrue(upgrade.err().contains(" <" + USER + "> changed (name); "), upgrade.toString());
            assertRestored(instance, 1);
            assertEquals(name, single(instance, "SELECT name FROM user_account WHERE email = '"
                    + USER + "'"));
        }
    }

    /** At {@code schema} again, with no failed migration, and equal to the rollback point's archive. */
    private void assertRestored(TestInstance instance, int schema) throws Exception {
        assertEquals(schema, schema(instance));
        assertEquals("0", single(instance, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = "
                + (instance.database().engine() == DatabaseEngine.POSTGRESQL ? "false" : "0")));
        List<RollbackPoint> points = new RollbackPoints(home.resolve("storage/backups")).list();
        assertEquals(1, points.size(), points.toString());
        UpgradeFixture.verifiesAgainst(instance, home.resolve("storage/backups").resolve(points.get(0).archive()));
    }
}
