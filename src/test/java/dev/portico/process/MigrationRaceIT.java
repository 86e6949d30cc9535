package dev.portico.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two operators (or two nodes) start `migrate` at the same moment on one database. */
class MigrationRaceIT {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void two_migrate_processes_started_together_apply_the_schema_once_and_both_succeed(DatabaseEngine engine)
            throws Exception {
        try (TestDatabase database = TestDatabase.create(engine, home.resolve("db"))) {
            Map<String, String> environment = new HashMap<>(database.environment());
            environment.put("APP_KEY", AppKey.generate().encoded());
            Path firstLog = home.resolve("first.txt");
            Path secondLog = home.resolve("second.txt");
            Process first = PorticoProcess.start(home, environment, firstLog, PorticoProcess.java("migrate", "--seed"));
            Process second = PorticoProcess.start(home, environment, secondLog, PorticoProcess.java("migrate", "--seed"));
            int firstExit = PorticoProcess.await(first, 120);
            int secondExit = PorticoProcess.await(second, 120);
            String outputs = PorticoProcess.read(firstLog) + "\n---\n" + PorticoProcess.read(secondLog);
            assertEquals(0, firstExit, outputs);
            assertEquals(0, secondExit, outputs);
            assertEquals(1, occurrences(outputs, "Applied " + dev.portico.systemdb.MigrationCatalog.forEngine(engine).latest()
                    + " migration(s)"), outputs);
            assertEquals(1, occurrences(outputs, "Nothing to migrate"), outputs);
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                assertEquals(1, count(statement, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1'"));
                assertEquals(2, count(statement, "SELECT COUNT(*) FROM app"), "seeded once, not twice");
                assertEquals(1, count(statement, "SELECT COUNT(*) FROM instance"));
            }
        }
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    private static int count(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getInt(1);
        }
    }
}
