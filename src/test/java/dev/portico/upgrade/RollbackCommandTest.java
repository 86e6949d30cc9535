package dev.portico.upgrade;

import static dev.portico.upgrade.UpgradeFixture.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code portico rollback} after a successful upgrade, through the real CLI on real engines. */
class RollbackCommandTest {
    private static final String ENV = "APP_ENV=staging\n";

    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void rollback_after_an_upgrade_puts_back_the_old_schema_its_data_and_env_and_names_the_release(DatabaseEngine engine)
            throws Exception {
        try (TestInstance instance = UpgradeFixture.schemaOne(engine, home)) {
            Files.writeString(home.resolve(".env"), ENV);
            TestInstance.Result upgrade = instance.run("upgrade", "--yes");
            assertEquals(0, upgrade.exitCode(), upgrade.toString());
            Files.writeString(home.resolve(".env"), ENV + "APP_DEBUG=true\n");

            TestInstance.Result rollback = instance.run("rollback", "--yes");
            assertEquals(0, rollback.exitCode(), rollback.toString());
            assertTrue(rollback.out().contains("Run Portico 0.1.0 with this database. This Portico ("
                    + BuildInfo.load().version() + ") refuses to serve it until it is migrated again"), rollback.toString());
            assertTrue(rollback.out().contains("schema 1, verified equal to its archive; .env put back"),
                    rollback.toString());
            assertEquals(1, schema(instance));
            assertEquals(ENV, Files.readString(home.resolve(".env")));
            try (Stream<Path> kept = Files.list(home)) {
                assertEquals(1, kept.filter(f -> f.getFileName().toString().startsWith(".env.before-rollback-")).count(),
                        "the replaced .env is kept");
            }
            RollbackPoint point = new RollbackPoints(home.resolve("storage/backups")).list().get(0);
            UpgradeFixture.verifiesAgainst(instance, home.resolve("storage/backups").resolve(point.archive()));

            TestInstance.Result again = instance.run("upgrade", "--yes");
            assertEquals(0, again.exitCode(), "the rolled-back instance upgrades again: " + again);
        }
    }

    @Test
    void list_shows_each_point_and_to_names_one() {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result none = instance.run("rollback", "--list");
            assertEquals(0, none.exitCode(), none.toString());
            assertTrue(none.out().contains("No rollback points in "), none.toString());
            TestInstance.Result nothing = instance.run("rollback", "--yes");
            assertEquals(ErrorCode.NOT_FOUND.exitCode(), nothing.exitCode(), nothing.toString());
            assertTrue(nothing.err().contains("There is no rollback point in "), nothing.toString());

            assertEquals(0, instance.run("upgrade", "--yes").exitCode());
            RollbackPoint point = new RollbackPoints(home.resolve("storage/backups")).list().get(0);
            TestInstance.Result list = instance.run("rollback", "--list");
            assertEquals(0, list.exitCode(), list.toString());
            assertTrue(list.out().lines().anyMatch(line -> line.startsWith(point.id()) && line.contains("0.1.0")
                    && line.contains(point.archive())), list.toString());

            TestInstance.Result unknown = instance.run("rollback", "--to", "19990101-000000", "--yes");
            assertEquals(ErrorCode.BAD_REQUEST.exitCode(), unknown.exitCode(), unknown.toString());
            assertTrue(unknown.err().contains("There is no rollback point '19990101-000000'. `portico rollback --list` "
                    + "shows them: " + point.id()), unknown.toString());
            TestInstance.Result named = instance.run("rollback", "--to", point.id(), "--yes");
            assertEquals(0, named.exitCode(), named.toString());
            assertEquals(1, schema(instance));
        }
    }

    @Test
    void without_yes_and_without_a_terminal_it_refuses_and_changes_nothing() {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            assertEquals(0, instance.run("upgrade", "--yes").exitCode());
            int latest = schema(instance);
            TestInstance.Result rollback = instance.run("rollback");
            assertEquals(ErrorCode.REFUSED.exitCode(), rollback.exitCode(), rollback.toString());
            assertTrue(rollback.err().contains("run `portico rollback --yes` to go ahead"), rollback.toString());
            assertEquals(latest, schema(instance));
        }
    }

    @Test
    void an_archive_replaced_since_the_point_was_recorded_is_refused() throws Exception {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            assertEquals(0, instance.run("upgrade", "--yes").exitCode());
            int latest = schema(instance);
            RollbackPoint point = new RollbackPoints(home.resolve("storage/backups")).list().get(0);
            Path archive = home.resolve("storage/backups").resolve(point.archive());
            Files.delete(archive);
            assertEquals(0, instance.run("backup", "--out", archive.toString()).exitCode(), "another, intact archive");

            TestInstance.Result rollback = instance.run("rollback", "--yes");
            assertEquals(ErrorCode.CHECKS_FAILED.exitCode(), rollback.exitCode(), rollback.toString());
            assertTrue(rollback.err().contains("is not the archive recorded for rollback point " + point.id()),
                    rollback.toString());
            assertEquals(latest, schema(instance), "nothing was changed");
            assertEquals(List.of(point), new RollbackPoints(home.resolve("storage/backups")).list());
        }
    }

    @Test
    void backup_list_keep_never_prunes_the_latest_point_and_takes_an_older_one_with_its_record_and_env_copy()
            throws Exception {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            Files.writeString(home.resolve(".env"), ENV);
            Path backups = home.resolve("storage/backups");
            assertEquals(0, instance.run("upgrade", "--yes").exitCode());
            RollbackPoint older = new RollbackPoints(backups).list().get(0);
            assertEquals(0, instance.run("rollback", "--yes").exitCode());
            Thread.sleep(1100);  // points are named by the second
            assertEquals(0, instance.run("upgrade", "--yes").exitCode());
            List<RollbackPoint> points = new RollbackPoints(backups).list();
            assertEquals(2, points.size(), points.toString());
            RollbackPoint latest = points.get(1);
            Thread.sleep(1100);
            assertEquals(0, instance.run("backup", "--out", backups.resolve("zz-newest.zip").toString()).exitCode());

            TestInstance.Result listed = instance.run("backup:list");
            assertTrue(listed.out().lines().anyMatch(line -> line.startsWith(latest.archive())
                    && line.contains("(rollback point " + latest.id() + ")")), listed.toString());

            TestInstance.Result pruned = instance.run("backup:list", "--keep", "1");
            assertEquals(0, pruned.exitCode(), pruned.toString());
            assertTrue(pruned.out().contains("Deleted " + older.archive() + " (created ") && pruned.out().contains(
                    " and rollback point " + older.id() + " (its record and .env copy)."), pruned.toString());
            assertTrue(pruned.out().contains("Kept " + latest.archive() + ": the latest rollback point"), pruned.toString());
            assertEquals(List.of(latest), new RollbackPoints(backups).list(), "the older point is gone whole");
            assertTrue(Files.exists(backups.resolve(latest.archive())) && Files.exists(backups.resolve("zz-newest.zip")));
            assertFalse(Files.exists(backups.resolve(older.archive())));
            assertFalse(Files.exists(backups.resolve(older.envCopy())), "the older point's copy of .env is deleted");
            assertTrue(Files.exists(backups.resolve(latest.envCopy())));
            TestInstance.Result list = instance.run("rollback", "--list");
            assertFalse(list.out().contains("missing"), list.toString());
        }
    }
}
