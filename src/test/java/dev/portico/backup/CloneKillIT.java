package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.process.PorticoProcess;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A clone process killed (SIGKILL) in the middle of its load leaves its target as it was, on every engine. */
class CloneKillIT {
    @TempDir
    static Path shared;

    @TempDir
    Path folder;

    private static TestInstance source;

    @BeforeAll
    static void setUpABigSource() throws Exception {
        source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(shared.resolve("src")));
        BackupFixture.setUpWithExtraRows(source, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
        KilledLoad.addManyRows(source);
    }

    @AfterAll
    static void dropTheSource() {
        source.close();
    }

    private TestInstance target(DatabaseEngine engine) throws Exception {
        return new TestInstance(engine, Files.createTempDirectory(folder, "target"))
                .with("APP_KEY", source.environment().get("APP_KEY"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_clone_killed_mid_load_onto_an_empty_target_is_undone_by_the_next_command(DatabaseEngine engine)
            throws Exception {
        try (TestInstance target = target(engine)) {
            Path log = folder.resolve("child.txt");
            Process child = KilledLoad.start(source, log, "clone", "--to", CloneCommandTest.url(target.database()));
            KilledLoad.killAfterFirstTable(child, log);

            List<String> undone = KilledLoad.undoAsTheNextCommandWould(source);
            assertEquals(1, undone.size(), undone.toString());
            assertTrue(undone.get(0).startsWith("An interrupted clone from "), undone.toString());
            assertTrue(undone.get(0).contains("was undone"), undone.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target), "no Portico table is left on the target");
            if (engine == DatabaseEngine.SQLITE) {
                assertFalse(Files.exists(target.database().sqliteFile()), "the SQLite file the clone created is gone");
            }

            // the target counts as empty again (a full clone of it is CloneCommandTest's business)
            TestInstance.Result again = source.run("clone", "--to", CloneCommandTest.url(target.database()), "--dry-run");
            assertEquals(0, again.exitCode(), again.toString());
            assertFalse(again.out().contains("interrupted"), "undone once, not twice: " + again);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseEngine.class, names = {"POSTGRESQL", "MYSQL"})
    void a_clone_target_that_becomes_unreachable_mid_load_fails_with_exit_1_and_is_left_empty(DatabaseEngine engine)
            throws Exception {
        try (TestInstance target = target(engine)) {
            Path log = folder.resolve("child.txt");
            Process child = KilledLoad.start(source, log, "clone", "--to", CloneCommandTest.url(target.database()));
            while (!KilledLoad.TABLE_LOADED.matcher(PorticoProcess.read(log)).find()) {
                assertTrue(child.isAlive(), PorticoProcess.read(log));
                Thread.sleep(5);
            }
            assertTrue(RestoreKillIT.cutConnections(target.database()) > 0, "the clone's connections were cut");
            int exit = PorticoProcess.await(child, 60);
            String output = PorticoProcess.read(log);
            assertEquals(1, exit, output);
            assertTrue(output.contains("The clone to ") && output.contains("failed and was rolled back"), output);
            assertTrue(output.contains("so the target is as it was"), output);
            assertEquals(Map.of(), RestoreFixture.tables(target));
            assertEquals(List.of(), KilledLoad.undoAsTheNextCommandWould(source), "no journal was left");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_forced_clone_killed_mid_load_leaves_the_old_rows_exactly(DatabaseEngine engine) throws Exception {
        try (TestInstance target = target(engine)) {
            BackupFixture.setUpWithExtraRows(target, "pv1:0123456789ab:b3RoZXI");
            Path before = folder.resolve("before.zip");
            assertEquals(0, target.run("backup", "--out", before.toString()).exitCode());

            Path log = folder.resolve("child.txt");
            Process child = KilledLoad.start(source, log, "clone", "--to", CloneCommandTest.url(target.database()),
                    "--force");
            assertTrue(KilledLoad.killAfterFirstTable(child, log).contains("replacing its"));

            Path after = folder.resolve("after.zip");
            assertEquals(0, target.run("backup", "--out", after.toString()).exitCode());
            assertEquals(RestoreFixture.hashes(before), RestoreFixture.hashes(after));
            List<String> undone = KilledLoad.undoAsTheNextCommandWould(source);
            assertEquals(1, undone.size(), undone.toString());
            assertTrue(undone.get(0).contains("the target is as it was"), undone.toString());
            Path afterUndo = folder.resolve("after-undo.zip");
            assertEquals(0, target.run("backup", "--out", afterUndo.toString()).exitCode());
            assertEquals(RestoreFixture.hashes(before), RestoreFixture.hashes(afterUndo));
        }
    }
}
