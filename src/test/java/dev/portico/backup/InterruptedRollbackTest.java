package dev.portico.backup;

import static dev.portico.upgrade.UpgradeFixture.withTestMigrations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.testing.GoneProcess;
import dev.portico.testing.TestInstance;
import dev.portico.upgrade.RollbackPoint;
import dev.portico.upgrade.UpgradeFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MariaDB rollback's journal, marked before the schema is dropped, left where a kill test cannot aim: just
 * before the first drop, and just after the load's commit. Either way every next command refuses the database,
 * saying what it holds, and `rollback --to POINT` finishes the job; one still running is waited for. The kill
 * itself, after the drop and in the middle of the load, is RollbackKillIT's.
 */
class InterruptedRollbackTest {
    @TempDir
    Path home;

    /** The journal a rollback to {@code point} writes just before its first drop, as process {@code pid} left it. */
    private static RestoreJournal marked(TestInstance instance, RollbackPoint point, long pid) {
        try (App app = new App(instance.home(), instance.environment())) {
            RestoreJournal start = RestoreJournal.start(app.config().database(), null);
            return new RestoreJournal(start.target(), null, start.engine(), null, false, List.of("instance", "lookup"),
                    "2026-11-28T00:15:02Z", pid, "2026-11-28T00:15:00Z", new RestoreJournal.Rollback(point.id(),
                    UnfinishedRollback.archive(instance, point).toString(), 2));
        }
    }

    @Test
    void a_rollback_killed_just_before_its_first_drop_still_has_to_be_finished() throws Exception {
        try (TestInstance instance = UnfinishedRollback.upgraded(home, false)) {
            RollbackPoint point = UnfinishedRollback.point(instance);
            long pid = GoneProcess.pid();
            marked(instance, point, pid).write(instance.home().resolve("storage"));

            UnfinishedRollback.assertEveryCommandRefuses(instance, pid, "has 15 tables at schema 3, holding ");
            TestInstance.Result doctor = withTestMigrations("good", () -> instance.run("doctor"));
            assertEquals(ErrorCode.CHECKS_FAILED.exitCode(), doctor.exitCode(), doctor.toString());
            assertTrue(doctor.out().contains("A rollback to point " + point.id() + " was interrupted"), doctor.toString());
            assertTrue(doctor.out().contains("`portico rollback --to " + point.id()), doctor.toString());
            TestInstance.Result rollback = UnfinishedRollback.assertRollbackFinishes(instance, pid);
            assertTrue(rollback.out().contains("dropping the schema, building schema 2 again"), rollback.toString());
            TestInstance.Result after = withTestMigrations("good", () -> instance.run("doctor"));
            assertTrue(after.out().contains("no rollback left unfinished"), after.toString());
        }
    }

    @Test
    void a_rollback_killed_after_its_load_committed_is_finished_by_running_it_again() throws Exception {
        try (TestInstance instance = UnfinishedRollback.upgraded(home, false)) {
            RollbackPoint point = UnfinishedRollback.point(instance);
            TestInstance.Result first = withTestMigrations("good", () -> instance.run("rollback", "--yes"));
            assertEquals(0, first.exitCode(), first.toString());
            long pid = GoneProcess.pid();
            marked(instance, point, pid).write(instance.home().resolve("storage"));

            UnfinishedRollback.assertEveryCommandRefuses(instance, pid, "has 14 tables at schema 2, holding ");
            TestInstance.Result rollback = UnfinishedRollback.assertRollbackFinishes(instance, pid);
            assertTrue(rollback.out().contains("An earlier rollback did not finish (the schema is at 2): dropping the "
                    + "schema"), "replaced again, not merely reloaded: " + rollback);
        }
    }

    @Test
    void a_rollback_still_running_is_waited_for_by_every_command_and_by_another_rollback() throws Exception {
        try (TestInstance instance = UnfinishedRollback.upgraded(home, false)) {
            RollbackPoint point = UnfinishedRollback.point(instance);
            RestoreJournal running;
            try (App app = new App(instance.home(), instance.environment())) {
                running = RestoreJournal.start(app.config().database(), null).withTablesBefore(List.of())
                        .withRollback(marked(instance, point, 0).rollback());
            }
            Path storage = instance.home().resolve("storage");
            running.write(storage);
            try {
                for (String[] command : List.of(new String[] {"migrate"}, new String[] {"rollback", "--to", point.id(),
                        "--yes"})) {
                    TestInstance.Result refused = withTestMigrations("good", () -> instance.run(command));
                    assertEquals(ErrorCode.REFUSED.exitCode(), refused.exitCode(), refused.toString());
                    assertTrue(refused.err().contains("A rollback to point " + point.id() + " is running (process "
                            + running.pid() + ", started at "), refused.toString());
                    assertTrue(refused.err().contains("wait for it to finish"), refused.toString());
                }
                assertEquals(3, (int) withTestMigrations("good", () -> UpgradeFixture.schema(instance)),
                        "nothing was dropped");
            } finally {
                running.remove(storage);
            }
        }
    }
}
