package dev.portico.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.App;
import dev.portico.backup.FixtureArchives;
import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaContents;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/** Instances for upgrade tests: one at schema 1 with the fixture's rows, and the test-only migrations of schema 3. */
public final class UpgradeFixture {
    private UpgradeFixture() {
    }

    /**
     * An instance at schema 1 holding the rows of the committed schema-1 archive (its key, its admin and
     * user), loaded at its own schema as the release that wrote it left it: not migrated forward.
     */
    public static TestInstance schemaOne(DatabaseEngine engine, Path home) {
        TestInstance instance = new TestInstance(engine, home).with("APP_KEY", FixtureArchives.appKey());
        try (App app = new App(instance.home(), instance.environment())) {
            app.restores().restore(FixtureArchives.archive(1).toAbsolutePath(), false, false, line -> { });
        }
        assertEquals(1, schema(instance), "the fixture instance is at schema 1");
        return instance;
    }

    /** The schema version {@code migrate:status} reports. */
    public static int schema(TestInstance instance) {
        TestInstance.Result status = instance.run("migrate:status", "--json");
        assertEquals(0, status.exitCode(), status.toString());
        try {
            JsonNode state = new ObjectMapper().readTree(status.out());
            return state.path("current").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError(status.out(), e);
        }
    }

    /** Runs {@code work} with the test-only migrations folder {@code name} (good, broken) joined to this build's. */
    public static <T> T withTestMigrations(String name, Supplier<T> work) {
        System.setProperty(MigrationCatalog.TEST_MIGRATIONS_PROPERTY,
                Path.of("src/test/resources/upgrade-migrations", name).toAbsolutePath().toString());
        try {
            return work.get();
        } finally {
            System.clearProperty(MigrationCatalog.TEST_MIGRATIONS_PROPERTY);
        }
    }

    /** Runs {@code upgrade --yes} with the test-only "good" migrations, which take the schema one version further. */
    public static TestInstance.Result upgradeWithGoodMigrations(TestInstance instance) {
        return withTestMigrations("good", () -> instance.run("upgrade", "--yes"));
    }

    /**
     * Runs {@code verify --against archive} and asserts every check passed but the connection probes of
     * database services (the fixture's service points at a server that does not exist).
     */
    public static void verifiesAgainst(TestInstance instance, Path archive) {
        TestInstance.Result verify = instance.run("verify", "--against", archive.toString(), "--json");
        try {
            JsonNode checks = new ObjectMapper().readTree(verify.out()).path("checks");
            assertTrue(checks.size() > 10, verify.toString());
            for (JsonNode check : checks) {
                if (!check.path("name").asText().startsWith("connection ")) {
                    assertNotEquals("failed", check.path("status").asText(), check + "\n" + verify);
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(verify.toString(), e);
        }
    }

    /**
     * Everything in the system database's schema, for "exactly as it was": each object by kind and name (views,
     * functions, triggers …), the migration history and every table's rows in id order.
     */
    public static String snapshot(TestInstance instance) throws SQLException {
        StringBuilder text = new StringBuilder();
        DatabaseEngine engine = instance.database().engine();
        try (Connection connection = instance.database().connect();
             Statement statement = connection.createStatement()) {
            for (SchemaContents.SchemaObject object : SchemaContents.list(connection, engine)) {
                text.append(object).append('\n');
                if (object.table()) {
                    String table = object.name().substring(object.name().indexOf('.') + 1);
                    try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
                        int columns = rows.getMetaData().getColumnCount();
                        while (rows.next()) {
                            for (int i = 1; i <= columns; i++) {
                                text.append(' ').append(rows.getString(i));
                            }
                            text.append('\n');
                        }
                    }
                }
            }
        }
        return text.toString();
    }

    public static String single(TestInstance instance, String sql) throws SQLException {
        try (Connection connection = instance.database().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    public static void execute(TestInstance instance, String... sql) throws SQLException {
        try (Connection connection = instance.database().connect();
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
