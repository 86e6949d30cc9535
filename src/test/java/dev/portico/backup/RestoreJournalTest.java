package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.App;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.GoneProcess;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the next command does with a restore journal it finds, for the cases a kill test cannot aim at. */
class RestoreJournalTest {
    @TempDir
    Path folder;

    private static RestoreJournal journal(TestInstance instance, long pid, List<String> tablesBefore) {
        try (App app = new App(instance.home(), instance.environment())) {
            RestoreJournal start = RestoreJournal.start(app.config().database(), null);
            return new RestoreJournal(start.target(), null, start.engine(), start.sqliteFile(), false, tablesBefore,
                    "2025-01-31T09:15:02Z", pid, "2025-01-31T09:15:00Z", null);
        }
    }

    private static List<String> undo(TestInstance instance) {
        try (App app = new App(instance.home(), instance.environment())) {
            return app.undoInterruptedRestores();
        }
    }

    @Test
    void a_journal_left_after_the_commit_keeps_the_restored_rows() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("i")))) {
            BackupFixture.setUpWithExtraRows(instance, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
            Map<String, Long> before = RestoreFixture.tables(instance);
            Path storage = instance.home().resolve("storage");
            journal(instance, GoneProcess.pid(), List.of()).write(storage);

            List<String> lines = undo(instance);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("had finished") && lines.get(0).contains("kept"), lines.toString());
            assertEquals(before, RestoreFixture.tables(instance));
            assertEquals(List.of(), undo(instance), "the journal was removed");
        }
    }

    @Test
    void a_journal_of_a_process_still_running_is_left_alone() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("i")))) {
            assertEquals(0, instance.run("migrate").exitCode());
            Path storage = instance.home().resolve("storage");
            RestoreJournal running;
            try (App app = new App(instance.home(), instance.environment())) {
                running = RestoreJournal.start(app.config().database(), null).withTablesBefore(List.of());
            }
            running.write(storage);
            assertEquals(List.of(), undo(instance));
            assertTrue(Files.exists(RestoreJournal.file(storage, running.pid())), "kept for its process");
            assertTrue(RestoreFixture.tables(instance).containsKey("instance"), "nothing was dropped");
            running.remove(storage);
        }
    }

    @Test
    void an_unreadable_journal_is_reported_and_kept() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("i")))) {
            Path storage = Files.createDirectories(instance.home().resolve("storage"));
            Path torn = storage.resolve("restore-journal-99999999.json");
            Files.writeString(torn, "{\"target\" : \"SQLite datab");
            List<String> lines = undo(instance);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("warning: the restore journal") && lines.get(0).contains("delete the file"),
                    lines.toString());
            assertTrue(Files.exists(torn));
        }
    }
}
