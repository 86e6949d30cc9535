package dev.portico.http;

import static dev.portico.upgrade.UpgradeFixture.execute;
import static dev.portico.upgrade.UpgradeFixture.schema;
import static dev.portico.upgrade.UpgradeFixture.single;
import static dev.portico.upgrade.UpgradeFixture.snapshot;
import static dev.portico.upgrade.UpgradeFixture.upgradeWithGoodMigrations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.testing.TestInstance;
import dev.portico.upgrade.RollbackPoint;
import dev.portico.upgrade.RollbackPoints;
import dev.portico.upgrade.UpgradeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Objects made by hand in the system database's schema (a trigger function and its trigger, a view, a domain …)
 * do not stop migrate:fresh or the rollback of a failed upgrade half-way with an empty database: they are
 * dropped with the schema and named, and the instance serves. Objects of other schemas that depend on the
 * system tables stop those commands before anything changes.
 */
class HandMadeSchemaObjectsTest {
    @TempDir
    Path home;

    @Test
    void an_upgrade_that_fails_after_migrating_is_rolled_back_over_a_trigger_function_its_trigger_and_a_view()
            throws Exception {
        try (TestInstance instance = servedOnce(DatabaseEngine.POSTGRESQL)) {
            execute(instance, "CREATE FUNCTION public.freeze_templates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "RAISE EXCEPTION 'email templates are frozen here'; END $$",
                    "DELETE FROM email_template WHERE name = 'Password Reset Default'",
                    "CREATE TRIGGER frozen_templates BEFORE INSERT ON email_template FOR EACH ROW EXECUTE FUNCTION "
                    + "public.freeze_templates()",
                    "CREATE VIEW public.admins AS SELECT email FROM user_account WHERE is_sys_admin");

            TestInstance.Result upgrade = upgradeWithGoodMigrations(instance);
            assertEquals(ErrorCode.FAILED.exitCode(), upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("The upgrade failed at step 6 of 8 (seed)"), upgrade.toString());
            assertTrue(upgrade.err().contains("was restored automatically (database) and verifies equal to its archive; "
                    + "maintenance mode is off; dropped with the schema, as the archive holds Portico's rows only: "
                    + "function public.freeze_templates(), trigger frozen_templates on public.email_template, view "
                    + "public.admins (create them again if you need them)"), upgrade.toString());
            assertEquals("0", single(instance, "SELECT COUNT(*) FROM pg_proc WHERE proname = 'freeze_templates'"));
            List<RollbackPoint> points = new RollbackPoints(home.resolve("storage/backups")).list();
            UpgradeFixture.verifiesAgainst(instance, home.resolve("storage/backups").resolve(points.get(0).archive()));
            assertEquals(2, schema(instance));
            try (RunningServer server = RunningServer.start(instance)) {
                assertEquals(200, server.get("/health/ready").statusCode());
                ApiClient anonymous = new ApiClient(server.port());
                String admin = ServedInstance.login(anonymous, "/system/admin/session", ServedInstance.ADMIN_EMAIL,
                        ServedInstance.ADMIN_PASSWORD);
                anonymous.withToken(admin).get("/system/user").expect(200);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void migrate_fresh_drops_what_was_made_by_hand_names_it_and_the_instance_serves(DatabaseEngine engine)
            throws Exception {
        try (TestInstance instance = servedOnce(engine)) {
            List<String> expected = switch (engine) {
                case POSTGRESQL -> {
                    execute(instance, "CREATE FUNCTION public.freeze_templates() RETURNS trigger LANGUAGE plpgsql AS $$ "
                            + "BEGIN RAISE EXCEPTION 'frozen'; END $$",
                            "CREATE TRIGGER frozen_templates BEFORE INSERT ON email_template FOR EACH ROW EXECUTE "
                            + "FUNCTION public.freeze_templates()",
                            "CREATE VIEW public.admins AS SELECT email FROM user_account WHERE is_sys_admin",
                            "CREATE MATERIALIZED VIEW public.service_names AS SELECT name FROM service",
                            "CREATE DOMAIN public.short_text AS varchar(10)", "CREATE TYPE public.mood AS ENUM ('ok')",
                            "CREATE SEQUENCE public.ticket_numbers",
                            "CREATE PROCEDURE public.nothing() LANGUAGE sql AS 'SELECT 1'");
                    yield List.of("domain public.short_text", "enum type public.mood",
                            "function public.freeze_templates()", "materialized view public.service_names",
                            "procedure public.nothing()", "sequence public.ticket_numbers",
                            "trigger frozen_templates on public.email_template", "view public.admins");
                }
                case MYSQL -> {
                    execute(instance, "CREATE VIEW admins AS SELECT email FROM user_account WHERE is_sys_admin = 1",
                            "CREATE PROCEDURE nothing() SELECT 1",
                            "CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2",
                            "CREATE TRIGGER quiet_templates BEFORE INSERT ON email_template FOR EACH ROW "
                            + "SET NEW.description = NEW.description",
                            "CREATE SEQUENCE ticket_numbers");
                    yield List.of("function twice", "procedure nothing", "sequence ticket_numbers",
                            "trigger quiet_templates on email_template", "view admins");
                }
                case SQLITE -> {
                    execute(instance, "CREATE VIEW admins AS SELECT email FROM user_account WHERE is_sys_admin = 1",
                            "CREATE TRIGGER quiet_templates AFTER INSERT ON email_template BEGIN SELECT 1; END",
                            "CREATE TRIGGER admins_read_only INSTEAD OF DELETE ON admins BEGIN SELECT 1; END");
                    yield List.of("trigger admins_read_only on admins", "trigger quiet_templates on email_template",
                            "view admins");
                }
            };
            String named = "what Portico does not make: " + String.join(", ", expected);

            TestInstance.Result refused = instance.run("migrate:fresh");
            assertEquals(ErrorCode.REFUSED.exitCode(), refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("and all its data; besides the tables, " + named + ". Not a terminal"),
                    refused.toString());

            TestInstance.Result fresh = instance.run("migrate:fresh", "--seed", "--force");
            assertEquals(0, fresh.exitCode(), fresh.toString());
            assertTrue(fresh.out().contains(", and " + named + ". "), fresh.toString());
            assertEquals(MigrationCatalog.forEngine(engine).latest(), schema(instance));
            assertFalse(snapshot(instance).contains("admins"), "nothing made by hand is left");
            try (RunningServer server = RunningServer.start(instance)) {
                assertEquals(200, server.get("/health/ready").statusCode());
            }
        }
    }

    @Test
    void a_view_in_another_schema_over_the_system_tables_stops_fresh_reset_and_upgrade_before_anything_changes()
            throws Exception {
        try (TestInstance instance = servedOnce(DatabaseEngine.POSTGRESQL)) {
            execute(instance, "CREATE SCHEMA reports",
                    "CREATE VIEW reports.admins AS SELECT email FROM public.user_account WHERE is_sys_admin");
            String before = snapshot(instance);
            for (String command : List.of("migrate:fresh", "migrate:reset")) {
                TestInstance.Result refused = instance.run(command, "--force");
                assertEquals(ErrorCode.REFUSED.exitCode(), refused.exitCode(), refused.toString());
                assertTrue(refused.err().contains("Objects of other schemas depend on the schema of the PostgreSQL "
                        + "database"), refused.toString());
                assertTrue(refused.err().contains(": view reports.admins. Emptying that schema"), refused.toString());
                assertTrue(refused.err().contains("then run `portico " + command + " --force` again; nothing was "
                        + "changed."), refused.toString());
                assertEquals(before, snapshot(instance));
            }
            TestInstance.Result upgrade = upgradeWithGoodMigrations(instance);
            assertEquals(ErrorCode.REFUSED.exitCode(), upgrade.exitCode(), upgrade.toString());
            assertTrue(upgrade.err().contains("view reports.admins"), upgrade.toString());
            assertEquals(before, snapshot(instance));
            assertFalse(Files.exists(home.resolve("storage/backups")), "no backup was started");
            assertEquals("1", single(instance, "SELECT COUNT(*) FROM reports.admins"), "the view is intact");
        }
    }

    /** An instance set up by a first {@code serve}, with its first sys-admin. */
    private TestInstance servedOnce(DatabaseEngine engine) {
        TestInstance instance = new TestInstance(engine, home).with("ADMIN_EMAIL", ServedInstance.ADMIN_EMAIL)
                .with("ADMIN_PASSWORD", ServedInstance.ADMIN_PASSWORD);
        try {
            RunningServer.start(instance).close();
            return instance;
        } catch (RuntimeException | AssertionError e) {
            instance.close();
            throw e;
        }
    }
}
