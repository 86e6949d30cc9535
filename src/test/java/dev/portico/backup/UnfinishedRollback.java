package dev.portico.backup;

import static dev.portico.upgrade.UpgradeFixture.upgradeWithGoodMigrations;
import static dev.portico.upgrade.UpgradeFixture.withTestMigrations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import dev.portico.upgrade.RollbackPoint;
import dev.portico.upgrade.RollbackPoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A MariaDB instance upgraded to the test-only schema 3, whose rollback to schema 2 is left unfinished; what
 * every next command must then say, and the rollback that finishes the job.
 */
final class UnfinishedRollback {
    private UnfinishedRollback() {
    }

    /** A MariaDB instance with the backup fixture's rows (and {@code manyRows} more lookups), upgraded to schema 3. */
    static TestInstance upgraded(Path home, boolean manyRows) throws Exception {
        TestInstance instance = new TestInstance(DatabaseEngine.MYSQL, home);
        try {
            BackupFixture.setUpWithExtraRows(instance, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
            if (manyRows) {
                KilledLoad.addManyRows(instance);
            }
            TestInstance.Result upgrade = upgradeWithGoodMigrations(instance);
            assertEquals(0, upgrade.exitCode(), upgrade.toString());
            return instance;
        } catch (Exception | AssertionError e) {
            instance.close();
            throw e;
        }
    }

    static RollbackPoint point(TestInstance instance) {
        List<RollbackPoint> points = new RollbackPoints(instance.home().resolve("storage/backups")).list();
        assertEquals(1, points.size(), points.toString());
        return points.get(0);
    }

    static Path archive(TestInstance instance, RollbackPoint point) {
        return instance.home().resolve("storage/backups").resolve(point.archive());
    }

    /**
     * serve, setup, migrate, migrate:fresh, restore and backup:list --keep refuse (exit 4) with the message naming the interrupted process, what
     * the database holds ({@code contents}, or how that begins: "has no tables", …) and the command that finishes the job, and
     * change nothing; rollback --list says the same above the points.
     */
    static void assertEveryCommandRefuses(TestInstance instance, long pid, String contents) throws Exception {
        RollbackPoint point = point(instance);
        Map<String, Long> before = RestoreFixture.tables(instance);
        String finish = "Finish the rollback with `portico rollback --to " + point.id() + "`: it loads "
                + archive(instance, point) + " again and verifies the result.";
        for (String[] command : List.of(new String[] {"serve", "--port", "0", "--stop-when-ready"},
                new String[] {"setup"}, new String[] {"migrate"}, new String[] {"migrate", "--seed", "--json"},
                new String[] {"migrate:fresh", "--seed", "--force"}, new String[] {"backup:list", "--keep", "1"},
                new String[] {"restore", archive(instance, point).toString(), "--force"})) {
            TestInstance.Result refused = instance.run(command);
            assertEquals(ErrorCode.REFUSED.exitCode(), refused.exitCode(), String.join(" ", command) + ": " + refused);
            assertTrue(refused.err().contains("A rollback to point " + point.id() + " was interrupted: process " + pid
                    + ", started at "), refused.toString());
            assertTrue(refused.err().contains(", so the " + described(instance) + " is not a new "
                    + "instance, whatever it holds: it " + contents), refused.toString());
            assertTrue(refused.err().contains(" now. Nothing was changed."), refused.toString());
            assertTrue(refused.err().contains(finish), refused.toString());
        }
        assertEquals(before, RestoreFixture.tables(instance), "no command changed a table or a row");
        assertTrue(Files.isRegularFile(archive(instance, point)), "the archive that finishes the job was not pruned");
        TestInstance.Result list = instance.run("rollback", "--list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().contains(finish) && list.out().contains(point.id() + "  "), list.toString());
    }

    /** rollback --to POINT finishes the job: the database verifies against the archive, and no journal is left. */
    static TestInstance.Result assertRollbackFinishes(TestInstance instance, long interruptedPid) throws Exception {
        RollbackPoint point = point(instance);
        TestInstance.Result rollback = withTestMigrations("good",
                () -> instance.run("rollback", "--to", point.id(), "--yes"));
        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertTrue(rollback.out().contains("A rollback to point " + point.id() + " was interrupted (process "
                + interruptedPid + ", started at "), rollback.toString());
        assertTrue(rollback.out().contains("Rolled back to point " + point.id() + " in "), rollback.toString());
        assertEquals(List.of(), journals(instance), "the interrupted rollback's journal went with the commit");
        assertRowsVerify(instance, archive(instance, point));
        TestInstance.Result migrate = instance.run("migrate");
        assertEquals(0, migrate.exitCode(), "no command refuses the database any more: " + migrate);
        return rollback;
    }

    /**
     * {@code verify --against archive}: the archive, schema, key and every table equal to the archive row by row.
     * The checks that open sealed values are left out: the fixture's values only look sealed (KilledLoad's lookups).
     */
    static void assertRowsVerify(TestInstance instance, Path archive) throws IOException {
        TestInstance.Result verify = instance.run("verify", "--against", archive.toString(), "--json");
        Set<String> rowChecks = Set.of("archive", "schema", "key", "users", "scripts", "settings", "references");
        int tables = 0;
        for (JsonNode check : new ObjectMapper().readTree(verify.out()).path("checks")) {
            String name = check.path("name").asText();
            if (name.startsWith("table ") || rowChecks.contains(name)) {
                assertEquals("ok", check.path("status").asText(), check + "\n" + verify);
                tables += name.startsWith("table ") ? 1 : 0;
            }
        }
        assertEquals(14, tables, verify.toString());
    }

    /** The system database as messages name it. */
    static String described(TestInstance instance) {
        try (App app = new App(instance.home(), instance.environment())) {
            return app.config().database().describe();
        }
    }

    static List<Path> journals(TestInstance instance) throws IOException {
        Path storage = instance.home().resolve("storage");
        try (Stream<Path> files = Files.list(storage)) {
            return files.filter(file -> file.getFileName().toString().startsWith(RestoreJournal.PREFIX)).toList();
        }
    }
}
