package dev.portico.upgrade;

import static dev.portico.upgrade.UpgradeFixture.execute;
import static dev.portico.upgrade.UpgradeFixture.schema;
import static dev.portico.upgrade.UpgradeFixture.single;
import static dev.portico.upgrade.UpgradeFixture.snapshot;
import static dev.portico.upgrade.UpgradeFixture.upgradeWithGoodMigrations;
import static dev.portico.upgrade.UpgradeFixture.withTestMigrations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rollback across schema versions whose load fails (a row of the point's archive that the schema refuses:
 * a lookup of an app that does not exist, slipped in with the engine's checks off): on PostgreSQL and SQLite
 * the schema is emptied, built again and loaded in one transaction, so the database is exactly as before the
 * rollback; on MySQL/MariaDB, whose DDL commits at once, the error says what the database holds now and names
 * the intact archive and the command that tries again, and the journal stays (RollbackKillIT: the next command
 * refuses the database).
 */
class RollbackLoadFailureTest {
    private static final String ORPHAN = "INSERT INTO lookup (app_id, name, created_at, updated_at) "
            + "VALUES (424242, 'orphan', '2024-02-29 12:34:56', '2024-02-29 12:34:56')";

    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(value = DatabaseEngine.class, names = {"SQLITE", "POSTGRESQL"})
    void a_load_that_fails_leaves_the_database_exactly_as_before_the_rollback(DatabaseEngine engine) throws Exception {
        try (TestInstance instance = upgradedWithAnOrphan(engine)) {
            if (engine == DatabaseEngine.POSTGRESQL) {
                execute(instance, "CREATE VIEW lookups_by_name AS SELECT name FROM lookup",
                        "CREATE FUNCTION shout(text) RETURNS text LANGUAGE sql AS 'SELECT upper($1)'");
            } else {
                execute(instance, "CREATE VIEW lookups_by_name AS SELECT name FROM lookup");
            }
            String before = snapshot(instance);
            RollbackPoint point = new RollbackPoints(home.resolve("storage/backups")).list().get(0);

            TestInstance.Result rollback = withTestMigrations("good", () -> instance.run("rollback", "--yes"));
            assertEquals(ErrorCode.FAILED.exitCode(), rollback.exitCode(), rollback.toString());
            assertTrue(rollback.out().contains("in one transaction"), rollback.toString());
            assertTrue(rollback.err().contains("Rollback point " + point.id() + " was not restored: "), rollback.toString());
            assertTrue(rollback.err().contains("The system database is as it was before the rollback (schema 3, "
                    + "maintenance mode off again). The archive is intact: run `portico rollback --to " + point.id()
                    + "` again once the cause is fixed."), rollback.toString());
            assertEquals(before, snapshot(instance), "not a row, table or object changed");
            assertEquals(3, (int) withTestMigrations("good", () -> schema(instance)));
            assertNull(single(instance, "SELECT maintenance_started_at FROM instance"), "serving again");
        }
    }

    @Test
    void on_mariadb_a_load_that_fails_after_the_drop_says_what_the_database_holds_and_how_to_finish() throws Exception {
        try (TestInstance instance = upgradedWithAnOrphan(DatabaseEngine.MYSQL)) {
            RollbackPoint point = new RollbackPoints(home.resolve("storage/backups")).list().get(0);
            TestInstance.Result rollback = withTestMigrations("good", () -> instance.run("rollback", "--yes"));
            assertEquals(ErrorCode.FAILED.exitCode(), rollback.exitCode(), rollback.toString());
            assertTrue(rollback.out().contains("dropping the schema, building schema 2 again and loading the archive"),
                    rollback.toString());
            assertTrue(rollback.err().contains("Rollback point " + point.id() + " was not restored: "), rollback.toString());
            assertTrue(rollback.err().contains("The restore of " + home.resolve("storage/backups").resolve(point.archive())
                    + " failed after the schema was dropped"), rollback.toString());
            assertTrue(rollback.err().contains("rows point at parents that are not in the data"), rollback.toString());
            assertTrue(rollback.err().contains("The system database is not usable as it is: it has 14 tables at "
                    + "schema 2, all empty now, and serve, setup, migrate, restore, clone and upgrade refuse it until a "
                    + "rollback's load commits."),
                    rollback.toString());
            assertTrue(rollback.err().contains("The archive is intact: run `portico rollback --to " + point.id()
                    + "` again once the cause is fixed."), rollback.toString());
            assertEquals(2, schema(instance), "schema 2 built again, its load rolled back, as the message says");
            assertEquals(1, journals(), "the journal is kept, so no command takes the database for a new one");
        }
    }

    private long journals() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(home.resolve("storage"))) {
            return files.filter(file -> file.getFileName().toString().startsWith("restore-journal-")).count();
        }
    }

    /**
     * An instance at schema 2 with a lookup whose app does not exist (inserted with the engine's checks off),
     * upgraded to the test-only schema 3: its rollback point's archive holds the orphan.
     */
    private TestInstance upgradedWithAnOrphan(DatabaseEngine engine) throws Exception {
        TestInstance instance = new TestInstance(engine, home);
        try {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            switch (engine) {
                case SQLITE -> execute(instance, "PRAGMA foreign_keys = OFF", ORPHAN);
                case POSTGRESQL -> execute(instance, "SET session_replication_role = replica", ORPHAN);
                case MYSQL -> execute(instance, "SET FOREIGN_KEY_CHECKS = 0", ORPHAN);
            }
            TestInstance.Result upgrade = upgradeWithGoodMigrations(instance);
            assertEquals(0, upgrade.exitCode(), upgrade.toString());
            return instance;
        } catch (Exception | AssertionError e) {
            instance.close();
            throw e;
        }
    }
}
