package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.process.PorticoProcess;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.testing.TestInstance;
import dev.portico.upgrade.RollbackPoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback on MariaDB killed (SIGKILL) after it dropped the schema, or in the middle of its load: every next
 * command refuses the database, saying what it holds and the command that finishes the job, and that command
 * leaves an instance that verifies against the point's archive and serves. (PostgreSQL and SQLite replace the
 * schema in the load's one transaction: RollbackLoadFailureTest.)
 */
class RollbackKillIT {
    private static final Pattern DROPPED = Pattern.compile("(?m)^  dropped [0-9]+ tables");
    private static final Pattern SERVING = Pattern.compile("is serving on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path folder;

    @Test
    void a_rollback_killed_right_after_the_drop_is_refused_by_every_command_until_rollback_to_finishes_it()
            throws Exception {
        try (TestInstance instance = UnfinishedRollback.upgraded(folder.resolve("home"), true)) {
            Path log = folder.resolve("rollback.txt");
            Process child = start(instance, log, "rollback", "--yes");
            String output = killWhen(child, log, DROPPED);
            assertTrue(output.contains("dropping the schema, building schema 2 again"), output);

            // no tables, or some of schema 2's being built: whichever, not a new instance
            UnfinishedRollback.assertEveryCommandRefuses(instance, child.pid(), "has ");
            UnfinishedRollback.assertRollbackFinishes(instance, child.pid());
            assertServes(instance);
        }
    }

    @Test
    void a_rollback_killed_mid_load_and_again_while_finishing_is_still_finished_by_rollback_to() throws Exception {
        try (TestInstance instance = UnfinishedRollback.upgraded(folder.resolve("home"), true)) {
            RollbackPoint point = UnfinishedRollback.point(instance);
            Path log = folder.resolve("rollback.txt");
            Process first = start(instance, log, "rollback", "--yes");
            killWhen(first, log, KilledLoad.TABLE_LOADED);
            UnfinishedRollback.assertEveryCommandRefuses(instance, first.pid(), "has 14 tables at schema 2, all empty");

            Path again = folder.resolve("rollback-again.txt");
            Process second = start(instance, again, "rollback", "--to", point.id(), "--yes");
            String output = killWhen(second, again, KilledLoad.TABLE_LOADED);
            assertTrue(output.contains("A rollback to point " + point.id() + " was interrupted (process " + first.pid()
                    + ", started at "), output);
            UnfinishedRollback.assertEveryCommandRefuses(instance, second.pid(), "has 14 tables at schema 2, all empty");
            assertEquals(1, UnfinishedRollback.journals(instance).size(),
                    "the second rollback's journal took the place of the first's");

            UnfinishedRollback.assertRollbackFinishes(instance, second.pid());
            assertServes(instance);
        }
    }

    /** `portico ARGS` in a child JVM that knows the test-only schema 3 the instance was upgraded to. */
    private static Process start(TestInstance instance, Path log, String... args) throws Exception {
        String migrations = Path.of("src/test/resources/upgrade-migrations/good").toAbsolutePath().toString();
        return PorticoProcess.start(instance.home(), instance.environment(), log,
                PorticoProcess.java(List.of("-D" + MigrationCatalog.TEST_MIGRATIONS_PROPERTY + "=" + migrations), args));
    }

    /** Waits until the child's output matches {@code point}, then kills it with SIGKILL; returns what it printed. */
    private static String killWhen(Process child, Path log, Pattern point) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!point.matcher(PorticoProcess.read(log)).find()) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("the rollback ended, or took too long, before " + point + ":\n"
                        + PorticoProcess.read(log));
            }
            Thread.sleep(5);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block, no rollback from the client
        child.waitFor();
        String output = PorticoProcess.read(log);
        assertFalse(output.contains("Rolled back to point"), "the rollback finished before the kill:\n" + output);
        return output;
    }

    /** `portico serve` in a child JVM answers /health/ready with 200. */
    private void assertServes(TestInstance instance) throws Exception {
        Path log = folder.resolve("serve.txt");
        Process serve = PorticoProcess.start(instance.home(), instance.environment(), log,
                PorticoProcess.java("serve", "--port", "0"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Matcher serving = SERVING.matcher("");
            while (!serving.reset(PorticoProcess.read(log)).find()) {
                assertTrue(serve.isAlive() && System.nanoTime() < deadline, "serve did not start:\n"
                        + PorticoProcess.read(log));
                Thread.sleep(50);
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + serving.group(1) + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body() + "\n" + PorticoProcess.read(log));
        } finally {
            serve.destroy();
            PorticoProcess.await(serve, 30);
        }
    }
}
