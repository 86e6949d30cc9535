package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.process.PorticoProcess;
import dev.portico.testing.TestDatabase;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A restore process killed (SIGKILL) or cut off from its database in the middle of its load leaves the target as it was. */
class RestoreKillIT {
    @TempDir
    static Path shared;

    @TempDir
    Path folder;

    private static Path archive;
    private static String key;

    @BeforeAll
    static void backUpABigSource() throws Exception {
        archive = shared.resolve("big.zip");
        try (TestInstance source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(shared.resolve("src")))) {
            BackupFixture.setUpWithExtraRows(source, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
            KilledLoad.addManyRows(source);
            assertEquals(0, source.run("backup", "--out", archive.toString()).exitCode());
            key = source.environment().get("APP_KEY");
        }
    }

    private TestInstance target(DatabaseEngine engine) throws Exception {
        return new TestInstance(engine, Files.createTempDirectory(folder, "target")).with("APP_KEY", key);
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_restore_killed_mid_load_onto_an_empty_target_is_undone_by_the_next_command(DatabaseEngine engine)
            throws Exception {
        try (TestInstance target = target(engine)) {
            Process child = KilledLoad.start(target, folder.resolve("child.txt"), "restore", archive.toString());
            KilledLoad.killAfterFirstTable(child, folder.resolve("child.txt"));

            List<String> undone = KilledLoad.undoAsTheNextCommandWould(target);
            assertEquals(1, undone.size(), undone.toString());
            assertTrue(undone.get(0).startsWith("An interrupted restore from "), undone.toString());
            assertTrue(undone.get(0).contains("was undone"), undone.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target), "no Portico table is left on the target");
            if (engine == DatabaseEngine.SQLITE) {
                assertFalse(Files.exists(target.database().sqliteFile()), "the SQLite file the restore created is gone");
            }

            // the target counts as empty again (full restores are RestoreAcrossEnginesTest's business)
            TestInstance.Result again = target.run("restore", archive.toString(), "--dry-run");
            assertEquals(0, again.exitCode(), again.toString());
            assertFalse(again.out().contains("interrupted"), "undone once, not twice: " + again);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_forced_restore_killed_mid_load_leaves_the_old_rows_exactly(DatabaseEngine engine) throws Exception {
        try (TestInstance target = target(engine)) {
            BackupFixture.setUpWithExtraRows(target, "pv1:0123456789ab:b3RoZXI");
            Path before = folder.resolve("before.zip");
            assertEquals(0, target.run("backup", "--out", before.toString()).exitCode());

            Process child = KilledLoad.start(target, folder.resolve("child.txt"), "restore", archive.toString(), "--force");
            String output = KilledLoad.killAfterFirstTable(child, folder.resolve("child.txt"));
            assertTrue(output.contains("replacing its"), output);

            Path after = folder.resolve("after.zip");
            assertEquals(0, target.run("backup", "--out", after.toString()).exitCode());
            assertEquals(RestoreFixture.hashes(before), RestoreFixture.hashes(after));
            TestInstance.Result migrate = target.run("migrate");
            assertEquals(0, migrate.exitCode(), migrate.toString());
            assertTrue(migrate.out().contains("An interrupted restore from ") && migrate.out().contains(
                    "the target is as it was"), "the next command clears the journal, touching no row: " + migrate);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseEngine.class, names = {"POSTGRESQL", "MYSQL"})
    void a_target_that_becomes_unreachable_mid_load_fails_with_exit_1_and_is_left_empty(DatabaseEngine engine)
            throws Exception {
        try (TestInstance target = target(engine)) {
            Path log = folder.resolve("child.txt");
            Process child = KilledLoad.start(target, log, "restore", archive.toString());
            while (!KilledLoad.TABLE_LOADED.matcher(PorticoProcess.read(log)).find()) {
                assertTrue(child.isAlive(), PorticoProcess.read(log));
                Thread.sleep(5);
            }
            int cut = cutConnections(target.database());
            assertTrue(cut > 0, "the restore's connections were found and cut");
            int exit = PorticoProcess.await(child, 60);
            String output = PorticoProcess.read(log);
            assertEquals(1, exit, output);
            assertTrue(output.contains("failed and was rolled back"), output);
            assertTrue(output.contains("so the target is as it was"), output);
            assertEquals(Map.of(), RestoreFixture.tables(target));
            assertEquals(List.of(), KilledLoad.undoAsTheNextCommandWould(target), "no journal was left");
        }
    }

    /** Ends every server session on the target database but ours, as a DBA or a failing network would. */
    static int cutConnections(TestDatabase database) throws Exception {
        TestDatabase.Server server = TestDatabase.server(database.engine());
        try (Connection admin = DriverManager.getConnection(server.adminUrl())) {
            if (database.engine() == DatabaseEngine.POSTGRESQL) {
                try (PreparedStatement statement = admin.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM "
                        + "pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    statement.setString(1, database.name());
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getInt(1);
                    }
                }
            }
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement statement = admin.prepareStatement("SELECT id FROM information_schema.processlist "
                    + "WHERE db = ? AND id <> CONNECTION_ID()")) {
                statement.setString(1, database.name());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            try (Statement statement = admin.createStatement()) {
                for (long id : ids) {
                    statement.execute("KILL " + id);
                }
            }
            return ids.size();
        }
    }
}
