package dev.portico.upgrade;

import static dev.portico.upgrade.UpgradeFixture.execute;
import static dev.portico.upgrade.UpgradeFixture.schema;
import static dev.portico.upgrade.UpgradeFixture.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.backup.SmallDisk;
import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code portico upgrade} through the real CLI on real engines: the happy path, the guards, the dry run. */
class UpgradeCommandTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void upgrade_brings_a_schema_1_instance_to_the_latest_schema_verified_with_a_rollback_point(DatabaseEngine engine)
            throws Exception {
        try (TestInstance instance = UpgradeFixture.schemaOne(engine, home)) {
            Files.writeString(home.resolve(".env"), "APP_ENV=staging\n");
            TestInstance.Result upgrade = instance.run("upgrade", "--yes");
            assertEquals(0, upgrade.exitCode(), upgrade.toString());
            int latest = MigrationCatalog.forEngine(engine).latest();
            assertTrue(upgrade.out().contains("Upgraded: schema 1 -> " + latest), upgrade.toString());
            assertTrue(upgrade.out().matches("(?s).*\\[2/8] maintenance mode on\n  read every table once before going "
                    + "down \\([\\d,]+ rows in \\d+ ms\\): each row can be backed up\n  skipped: schema 1 predates "
                    + "maintenance mode.*"), upgrade.toString());
            assertEquals(latest, schema(instance));
            assertNull(single(instance, "SELECT maintenance_started_at FROM instance"), "up, not in maintenance");

            List<RollbackPoint> points = new RollbackPoints(home.resolve("storage/backups")).list();
            assertEquals(1, points.size(), points.toString());
            RollbackPoint point = points.get(0);
            assertEquals(1, point.fromSchema());
            assertEquals("0.1.0", point.fromVersion());
            assertEquals(latest, point.toSchema());
            Path archive = home.resolve("storage/backups").resolve(point.archive());
            assertEquals(RollbackPoints.sha256(archive), point.sha256());
            Path envCopy = home.resolve("storage/backups").resolve(point.envCopy());
            assertEquals("APP_ENV=staging\n", Files.readString(envCopy));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(envCopy)));

            UpgradeFixture.verifiesAgainst(instance, archive);
        }
    }

    @Test
    void an_instance_with_nothing_pending_is_left_alone_and_no_backup_is_made() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            TestInstance.Result upgrade = instance.run("upgrade", "--yes");
            assertEquals(0, upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.out().contains("Nothing to upgrade: the schema is at "), upgrade.toString());
            assertFalse(Files.exists(home.resolve("storage/backups")), "no backup for nothing to do");
        }
    }

    @Test
    void without_yes_and_without_a_terminal_it_refuses_and_changes_nothing() {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result upgrade = instance.run("upgrade");
            assertEquals(ErrorCode.REFUSED.exitCode(), upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("run `portico upgrade --yes` to go ahead"), upgrade.toString());
            assertEquals(1, schema(instance));
            assertFalse(Files.exists(home.resolve("storage/backups")), "refused before the backup");
        }
    }

    @Test
    void a_plan_that_is_blocked_stops_the_upgrade_before_anything_is_written() throws Exception {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home);
             SmallDisk disk = SmallDisk.mount(home.resolve("storage/backups"), 1)) {
            TestInstance.Result upgrade = instance.run("upgrade", "--yes");
            assertEquals(ErrorCode.REFUSED.exitCode(), upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("The upgrade check says blocked, so nothing was changed:"),
                    upgrade.toString());
            assertTrue(upgrade.err().contains("backup space: Not enough free space for the backup"), upgrade.toString());
            assertEquals(1, schema(instance));
            try (Stream<Path> files = Files.list(disk.path())) {
                assertEquals(0, files.count(), "no backup was started");
            }
        }
    }

    @Test
    void a_dry_run_prints_every_step_and_writes_nothing() {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result dryRun = instance.run("upgrade", "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.toString());
            assertTrue(dryRun.out().contains("from schema 1 (Portico 0.1.0) to "), dryRun.toString());
            assertTrue(dryRun.out().contains("Dry run: nothing was written."), dryRun.toString());
            for (UpgradeProcedure.Step step : UpgradeProcedure.Step.values()) {
                assertTrue(dryRun.out().contains((step.ordinal() + 1) + ". " + step.label() + ": "), step + "\n" + dryRun);
            }
            assertTrue(dryRun.out().contains("4. migrations under the lock: V2 maintenance mode"), dryRun.toString());
            assertEquals(1, schema(instance));
            assertFalse(Files.exists(home.resolve("storage/backups")), "a dry run makes no backup");
        }
    }

    @Test
    void an_instance_on_schema_2_goes_down_for_the_migrations_and_up_again_with_the_downtime_printed() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            TestInstance.Result upgrade = UpgradeFixture.upgradeWithGoodMigrations(instance);
            assertEquals(0, upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.out().contains("  maintenance mode on at "), upgrade.toString());
            assertTrue(upgrade.out().matches("(?s).*maintenance mode off at \\S+: down for \\d+\\.\\d{3} s "
                    + "\\(migrations \\d+ ms\\).*"), upgrade.toString());
            assertTrue(upgrade.out().contains("table upgrade_test_marker") || upgrade.out().contains("Upgraded: schema 2 -> 3"),
                    upgrade.toString());
            assertNull(single(instance, "SELECT maintenance_started_at FROM instance"), "up again");
            assertEquals("schema 3", single(instance, "SELECT label FROM upgrade_test_marker"));
        }
    }

    @Test
    void an_instance_already_down_stays_down_after_the_upgrade() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            assertEquals(0, instance.run("down", "--retry", "5").exitCode());
            String since = single(instance, "SELECT maintenance_started_at FROM instance");
            TestInstance.Result upgrade = UpgradeFixture.upgradeWithGoodMigrations(instance);
            assertEquals(0, upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.out().contains("it stays down after the upgrade"), upgrade.toString());
            assertEquals(since, single(instance, "SELECT maintenance_started_at FROM instance"), "still down, since then");
            assertEquals("5", single(instance, "SELECT maintenance_retry_seconds FROM instance"));
        }
    }

    static long files(Path folder) throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.count();
        }
    }
}
