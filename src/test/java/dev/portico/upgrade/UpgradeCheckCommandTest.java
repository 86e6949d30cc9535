package dev.portico.upgrade;

import static dev.portico.upgrade.ReleaseCatalogueTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.App;
import dev.portico.backup.SmallDisk;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyCanary;
import dev.portico.systemdb.SchemaMigrator;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code portico upgrade:check} through the real CLI on real databases: one fixture per rule, using test
 * catalogues under src/test/resources/releases (this build is 0.2.0, schema 2).
 */
class UpgradeCheckCommandTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private TestInstance migrated(DatabaseEngine engine) {
        TestInstance instance = new TestInstance(engine, home);
        TestInstance.Result setup = instance.run("migrate", "--seed");
        assertEquals(0, setup.exitCode(), setup.toString());
        return instance;
    }

    private static TestInstance.Result check(TestInstance instance, String catalogue, String... more) {
        List<String> args = new ArrayList<>(List.of("upgrade:check"));
        if (catalogue != null) {
            args.add("--catalogue");
            args.add(fixture(catalogue).toString());
        }
        args.addAll(List.of(more));
        return instance.run(args.toArray(String[]::new));
    }

    @Test
    void an_up_to_date_instance_is_a_go_with_nothing_to_do() {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = check(instance, null);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("0.2.0 (schema 2)  0.2.0 (schema 2)  none: already on 0.2.0  none"),
                    result.toString());
            assertTrue(result.out().contains("GO: Portico 0.2.0 is what last migrated this instance"), result.toString());
            for (String check : List.of("versions", "key", "java", "migrations", "upgrade stops", "connectors",
                    "configuration", "api behaviours", "scripts", "scheduled tasks", "backup space")) {
                assertTrue(result.out().lines().anyMatch(line -> line.startsWith(check + " ") && line.contains(" ok ")),
                        check + " ok\n" + result);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_schema_1_database_is_a_go_listing_the_migration_the_upgrade_applies(DatabaseEngine engine) throws Exception {
        try (TestInstance instance = new TestInstance(engine, home)) {
            migrateToSchema1(instance);
            TestInstance.Result result = check(instance, null);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("0.1.0 (schema 1)  0.2.0 (schema 2)  in place: `portico upgrade` "
                    + "(1 migration)  none"), result.toString());
            assertTrue(result.out().contains("1 to apply: 2 maintenance mode"), result.toString());
            assertTrue(result.out().contains("GO: Ready to upgrade from 0.1.0 to 0.2.0"), result.toString());
            assertEquals(1, number(instance, "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history"),
                    "upgrade:check writes nothing: still schema 1");
        }
    }

    @Test
    void without_an_instance_row_the_origin_is_the_first_release_of_the_database_s_schema() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home);
             App app = new App(instance.home(), instance.environment())) {
            new SchemaMigrator(app.database()).migrateTo(1);
            TestInstance.Result result = check(instance, null);
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("0.1.0 (schema 1)  0.2.0 (schema 2)"), result.toString());
        }
    }

    @Test
    void a_failed_migration_in_the_history_blocks() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            migrateToSchema1(instance);
            execute(instance, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, installed_on, execution_time, success) VALUES (2, '2', 'maintenance mode', "
                    + "'SQL', 'V2__maintenance_mode.sql', 1, 'test', CURRENT_TIMESTAMP, 1, 0)");
            TestInstance.Result result = check(instance, null);
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Migration 2 (maintenance mode) failed earlier"), result.toString());
        }
    }

    @Test
    void a_skipped_upgrade_stop_blocks_and_names_the_release_to_upgrade_to_first() {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = check(instance, "stop.json", "--to", "0.3.0");
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Portico 0.2.5 cannot be skipped: upgrade to 0.2.5 first"), result.toString());
            assertTrue(result.out().contains("upgrade stops (blocked)"), "in the plan's actions column\n" + result);
            assertTrue(result.out().contains("1 more shipped with the target release"), result.toString());

            TestInstance.Result toTheStop = check(instance, "stop.json", "--to", "0.2.5");
            assertEquals(0, toTheStop.exitCode(), toTheStop.toString());
            assertTrue(toTheStop.out().contains("in place: `portico upgrade` run by Portico 0.2.5 (no migration)"),
                    toTheStop.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_removed_connector_in_use_blocks_naming_its_services_and_a_renamed_one_needs_action(DatabaseEngine engine)
            throws Exception {
        try (TestInstance instance = migrated(engine)) {
            long renamed = service(instance, "weather", "rws", true);
            task(instance, "hourly-weather", renamed);
            TestInstance.Result action = check(instance, "connectors.json", "--to", "0.3.0");
            assertEquals(3, action.exitCode(), action.toString());
            assertTrue(action.out().contains("type `rws` is renamed `http` in 0.3.0 (rws-renamed: the remote web "
                    + "service connector is called http) and used by 1 service: weather"), action.toString());
            assertTrue(action.out().contains("called by 1 scheduled task: hourly-weather"), action.toString());
            assertTrue(action.out().contains("ACTION REQUIRED: 2 check(s) need action before the upgrade: connectors, "
                    + "scheduled tasks."), action.toString());

            service(instance, "legacy-docs", "mongodb", false);
            service(instance, "catalog", "mongodb", true);
            TestInstance.Result blocked = check(instance, "connectors.json", "--to", "0.3.0");
            assertEquals(4, blocked.exitCode(), blocked.toString());
            assertTrue(blocked.out().contains("type `mongodb` is removed in 0.3.0 (mongodb-removed: the MongoDB connector "
                    + "is no longer shipped) and used by 2 services: catalog, legacy-docs (inactive). Delete them or move "
                    + "them to another type first"), blocked.toString());
            assertTrue(blocked.out().contains("BLOCKED: The upgrade from 0.2.0 to 0.3.0 cannot go ahead: connectors."),
                    blocked.toString());
        }
    }

    @Test
    void configuration_keys_renamed_removed_or_required_on_the_way_need_action_naming_old_and_new() throws Exception {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            Files.writeString(instance.home().resolve(".env"), "# settings\nDF_JWT_TTL=30\n");
            instance.with("APP_LOG_LEVEL", "warn");
            TestInstance.Result result = check(instance, "config.json", "--to", "0.4.0");
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(result.out().contains("DF_JWT_TTL (set in .env) is renamed PORTICO_SESSION_TTL in 0.3.0 "
                    + "(jwt-ttl-renamed: session settings have Portico names): rename it PORTICO_SESSION_TTL"), result.toString());
            assertTrue(result.out().contains("APP_LOG_LEVEL (set in the environment) is no longer read from 0.3.0 "
                    + "(log-level-removed): remove it"), result.toString());
            assertTrue(result.out().contains("0.4.0 requires PORTICO_NODE_NAME, which is not set"), result.toString());
            // as a word: the temporary folder's random name in the backup-space row may hold the digits 30
            assertFalse(result.out().matches("(?s).*\\b30\\b.*"), "names only, never values\n" + result);

            TestInstance.Result only03 = check(instance.with("APP_LOG_LEVEL", null).with("PORTICO_NODE_NAME", "a"),
                    "config.json", "--to", "0.3.0");
            assertEquals(3, only03.exitCode(), only03.toString());
            assertFalse(only03.out().contains("APP_LOG_LEVEL"), only03.toString());
            assertFalse(only03.out().contains("PORTICO_NODE_NAME"), "0.4.0's change is beyond 0.3.0\n" + only03);
        }
    }

    @Test
    void a_java_older_than_the_target_needs_blocks() {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = check(instance, "java.json", "--to", "0.3.0");
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Java " + Runtime.version() + " is older than Portico 0.3.0 needs (99 or "
                    + "newer): install Java 99 or newer first."), result.toString());
        }
    }

    @Test
    void scripts_and_scheduled_tasks_are_listed_to_re_test_and_need_action_only_when_a_change_touches_them()
            throws Exception {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            script(instance, "db._table.orders.get.pre_process", "nodejs", true);
            script(instance, "db._table.orders.post.post_process", "python", false);
            task(instance, "nightly-report", service(instance, "reports", "sqlite", true));
            TestInstance.Result listed = check(instance, null);
            assertEquals(0, listed.exitCode(), listed.toString());
            assertTrue(listed.out().contains("re-test after the upgrade: 2 event scripts: db._table.orders.get.pre_process "
                    + "(nodejs), db._table.orders.post.post_process (python, inactive)"), listed.toString());
            assertTrue(listed.out().contains("re-test after the upgrade: 1 scheduled task: nightly-report (calls reports)"),
                    listed.toString());

            TestInstance.Result touched = check(instance, "api.json", "--to", "0.3.0", "--json");
            assertEquals(3, touched.exitCode(), touched.toString());
            JsonNode plan = JSON.readTree(touched.out());
            assertEquals(List.of("api behaviours", "scripts", "scheduled tasks"), names(plan.path("plan").path(
                    "actions_required")), touched.out());
            assertTrue(status(plan, "scripts").path("detail").asText().contains("0.3.0 removes as-file-removed, which "
                    + "scripts may use"), touched.out());
        }
    }

    @Test
    void json_gives_the_plan_every_check_and_the_verdict() throws Exception {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = check(instance, "connectors.json", "--to", "0.3.0", "--json");
            assertEquals(0, result.exitCode(), result.toString());
            JsonNode json = JSON.readTree(result.out());
            assertEquals(List.of("verdict", "exit_code", "plan", "checks", "summary"), fields(json));
            assertEquals("go", json.path("verdict").asText());
            assertEquals(0, json.path("exit_code").asInt());
            JsonNode plan = json.path("plan");
            assertEquals(List.of("from", "from_schema", "to", "to_schema", "method", "actions_required"), fields(plan));
            assertEquals("0.2.0", plan.path("from").asText());
            assertEquals(2, plan.path("from_schema").asInt());
            assertEquals("0.3.0", plan.path("to").asText());
            assertEquals("in place: `portico upgrade` run by Portico 0.3.0 (no migration)", plan.path("method").asText());
            assertEquals(0, plan.path("actions_required").size());
            List<String> checks = new ArrayList<>();
            for (JsonNode check : json.path("checks")) {
                assertEquals(List.of("name", "status", "detail"), fields(check));
                checks.add(check.path("name").asText());
            }
            assertEquals(List.of("versions", "key", "java", "migrations", "upgrade stops", "connectors", "configuration",
                    "api behaviours", "scripts", "scheduled tasks", "backup space"), checks);
        }
    }

    @Test
    void an_unknown_target_is_a_usage_error_listing_the_known_releases() {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = check(instance, null, "--to", "9.9.9");
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("Unknown release 9.9.9: the built-in releases.json lists 0.1.0, 0.2.0. "
                    + "Give --to one of them."), result.toString());
        }
    }

    @Test
    void a_database_last_migrated_by_a_newer_portico_blocks_naming_the_release_to_use() throws Exception {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            execute(instance, "UPDATE instance SET portico_version = '0.9.0'");
            TestInstance.Result result = check(instance, null);
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.out().contains("This binary (Portico 0.2.0) is older than the database, last migrated by "
                    + "Portico 0.9.0. Use Portico 0.9.0 or newer, or `portico rollback`"), result.toString());

            execute(instance, "DELETE FROM instance");
            execute(instance, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, installed_on, execution_time, success) VALUES (99, '99', 'from the future', "
                    + "'SQL', 'V99__from_the_future.sql', 1, 'test', CURRENT_TIMESTAMP, 1, 1)");
            TestInstance.Result bySchema = check(instance, null);
            assertEquals(4, bySchema.exitCode(), bySchema.toString());
            assertTrue(bySchema.out().contains("last migrated by a newer Portico to schema 99. Use a newer Portico"),
                    bySchema.toString());
        }
    }

    @Test
    void a_target_older_than_the_database_blocks_portico_does_not_downgrade() {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            TestInstance.Result downgrade = check(instance, null, "--to", "0.1.0");
            assertEquals(4, downgrade.exitCode(), downgrade.toString());
            assertTrue(downgrade.out().contains("Portico does not downgrade"), downgrade.toString());
        }
    }

    @Test
    void a_wrong_app_key_blocks_naming_both_fingerprints_and_never_the_key() {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            AppKey sealed = AppKey.parse(instance.environment().get("APP_KEY"));
            AppKey other = AppKey.generate();
            TestInstance.Result result = check(instance.with("APP_KEY", other.encoded()), null);
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.out().contains(sealed.fingerprint()) && result.out().contains(other.fingerprint()),
                    result.toString());
            assertFalse(result.out().contains(other.encoded()) || result.out().contains(sealed.encoded()));
        }
    }

    @Test
    void too_little_free_space_for_the_backup_blocks_naming_needed_and_free() throws Exception {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE);
             SmallDisk disk = SmallDisk.mount(instance.home().resolve("storage/backups"), 1)) {
            TestInstance.Result result = check(instance, null);
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.out().contains("Not enough free space for the backup taken before the upgrade: a backup "
                    + "needs about"), result.toString());
            assertTrue(result.out().contains(disk.path() + " has "), result.toString());
        }
    }

    @Test
    void an_instance_without_a_system_database_has_nothing_to_upgrade_and_none_is_created() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = check(instance, null);
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(result.out().contains("There is no system database yet"), result.toString());
            assertFalse(Files.exists(instance.database().sqliteFile()), "upgrade:check creates nothing");
        }
    }

    @Test
    void an_unreachable_database_fails_with_exit_1_and_a_clear_message() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.POSTGRESQL, home)) {
            TestInstance.Result result = check(instance.with("DB_PORT", "1").with("DB_PASSWORD", "pa55-word-x"), null);
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().startsWith("error: "), result.toString());
            assertTrue(result.err().contains("127.0.0.1:1"), result.toString());
            assertFalse(result.err().contains("pa55-word-x") || result.out().contains("pa55-word-x"), result.toString());
        }
    }

    @Test
    void a_broken_test_catalogue_fails_with_exit_1_naming_its_problems() {
        try (TestInstance instance = migrated(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = check(instance, "broken.json");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("is broken (") && result.err().contains("breaking change id a is used twice"),
                    result.toString());
        }
    }

    /** A database as Portico 0.1.0 left it: schema 1 and its instance row, sealed with the instance's key. */
    static void migrateToSchema1(TestInstance instance) {
        try (App app = new App(instance.home(), instance.environment())) {
            new SchemaMigrator(app.database()).migrateTo(1);
            String canary = KeyCanary.create(AppKey.parse(instance.environment().get("APP_KEY")));
            app.database().transaction(handle -> handle.update("INSERT INTO instance (id, instance_id, key_canary, "
                    + "portico_version, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(),
                    canary, "0.1.0", AT, AT));
        }
    }

    private static long service(TestInstance instance, String name, String type, boolean active) {
        try (App app = new App(instance.home(), instance.environment())) {
            return app.database().transaction(handle -> handle.insert("INSERT INTO service (name, label, type, is_active, "
                    + "mutable, deletable, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", name, name, type,
                    active, true, true, AT, AT));
        }
    }

    private static void script(TestInstance instance, String name, String type, boolean active) {
        try (App app = new App(instance.home(), instance.environment())) {
            app.database().transaction(handle -> handle.insert("INSERT INTO event_script (name, type, content, is_active, "
                    + "allow_event_modification, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", name, type,
                    "return;", active, false, AT, AT));
        }
    }

    private static void task(TestInstance instance, String name, long serviceId) {
        try (App app = new App(instance.home(), instance.environment())) {
            app.database().transaction(handle -> handle.insert("INSERT INTO scheduled_task (name, is_active, service_id, "
                    + "verb, verb_mask, frequency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", name, true,
                    serviceId, "GET", 1, 60, AT, AT));
        }
    }

    private static void execute(TestInstance instance, String sql) throws Exception {
        try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long number(TestInstance instance, String sql) throws Exception {
        try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    private static JsonNode status(JsonNode plan, String check) {
        for (JsonNode row : plan.path("checks")) {
            if (row.path("name").asText().equals(check)) {
                return row;
            }
        }
        throw new AssertionError("no check " + check + " in " + plan);
    }
}
