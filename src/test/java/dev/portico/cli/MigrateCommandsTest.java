package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrateCommandsTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void migrate_creates_the_schema_and_a_second_run_finds_nothing_to_do(DatabaseEngine engine) throws SQLException {
        try (TestInstance instance = new TestInstance(engine, home)) {
            TestInstance.Result first = instance.run("migrate", "--seed");
            assertEquals(0, first.exitCode(), first.toString());
            assertTrue(first.out().contains("Applied " + latest(engine) + " migration(s): schema 0 -> " + latest(engine)), first.toString());
            TestInstance.Result second = instance.run("migrate", "--seed");
            assertEquals(0, second.exitCode(), second.toString());
            assertTrue(second.out().contains("Nothing to migrate"), second.toString());
            assertTrue(second.out().contains("Seed: nothing to add."), second.toString());
            assertEquals(2, count(instance, "SELECT COUNT(*) FROM app"));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void version_reports_schema_engine_and_java(DatabaseEngine engine) {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("migrate").exitCode());
            TestInstance.Result version = instance.run("version", "--json");
            assertEquals(0, version.exitCode(), version.toString());
            assertTrue(version.out().contains("\"applied\" : " + latest(engine)), version.toString());
            assertTrue(version.out().contains("\"pending\" : 0"), version.toString());
            assertTrue(version.out().contains("\"engine\" : \"" + engine.connectionName() + "\""), version.toString());
            assertFalse(version.out().contains(instance.environment().get("APP_KEY")), "the key must never be printed");
        }
    }

    static int count(TestInstance instance, String sql) throws SQLException {
        try (Connection connection = instance.database().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int latest(DatabaseEngine engine) {
        return dev.portico.systemdb.MigrationCatalog.forEngine(engine).latest();
    }
}
