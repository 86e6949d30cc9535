package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** `portico down` / `up`: every node sharing the database answers 503 but health, admin login and the secret pass. */
class MaintenanceModeTest {
    private static final String BYPASS = "let-me-through-please";

    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void down_answers_503_with_retry_after_on_every_node_and_up_ends_it(DatabaseEngine engine) {
        try (ServedInstance served = ServedInstance.start(engine, home);
             RunningServer other = served.startAnotherServer()) {
            ApiClient admin = served.admin();
            ApiClient otherAdmin = new ApiClient(other.port()).withToken(ServedInstance.login(new ApiClient(other.port()),
                    "/system/admin/session", ServedInstance.ADMIN_EMAIL, ServedInstance.ADMIN_PASSWORD));
            admin.get("/system/user").expect(200);

            TestInstance.Result down = served.instance().run("down", "--secret", BYPASS, "--retry", "30");
            assertEquals(0, down.exitCode(), down.toString());
            assertFalse(down.out().contains(BYPASS) || down.err().contains(BYPASS), "the secret is never echoed");
            assertTrue(RunningServer.waitFor(() -> admin.get("/system/user").status() == 503), "down within 2 s");
            assertTrue(RunningServer.waitFor(() -> otherAdmin.get("/system/user").status() == 503), "on the other node too");

            ApiClient.Reply refused = admin.get("/system/user");
            JsonNode error = refused.expect(503).path("error");
            assertEquals(503, error.path("code").asInt(), refused.body());
            assertEquals(30, error.path("context").path("retry_after").asInt(), refused.body());
            assertEquals("30", refused.header("Retry-After").orElse(""), "Retry-After header");
            served.anonymous().get("/system/environment").expect(503);

            assertEquals(200, other.get("/health/live").statusCode());
            var ready = other.get("/health/ready");
            assertEquals(200, ready.statusCode(), "maintenance does not take nodes out of the load balancer");
            assertTrue(ready.body().contains("down since"), ready.body());
            String token = ServedInstance.login(served.anonymous(), "/system/admin/session", ServedInstance.ADMIN_EMAIL,
                    ServedInstance.ADMIN_PASSWORD);
            assertFalse(token.isBlank(), "admin login still works");
            admin.with("X-Portico-Maintenance-Secret", BYPASS).get("/system/user").expect(200);
            admin.with("X-Portico-Maintenance-Secret", BYPASS + "x").get("/system/user").expect(503);

            TestInstance.Result status = served.instance().run("down", "--retry", "0", "--json");
            assertEquals(0, status.exitCode(), status.toString());
            assertTrue(status.out().contains("\"bypass_secret\" : false"), "a second down replaces the secret: " + status.out());
            assertTrue(RunningServer.waitFor(() -> admin.get("/system/user").header("Retry-After").isEmpty()),
                    "--retry 0 sends no Retry-After");
            admin.with("X-Portico-Maintenance-Secret", BYPASS).get("/system/user").expect(503);

            TestInstance.Result up = served.instance().run("up");
            assertEquals(0, up.exitCode(), up.toString());
            assertTrue(up.out().contains("up again"), up.toString());
            assertTrue(RunningServer.waitFor(() -> admin.get("/system/user").status() == 200), "up within 2 s");
            assertTrue(RunningServer.waitFor(() -> otherAdmin.get("/system/user").status() == 200), "everywhere");
            TestInstance.Result again = served.instance().run("up");
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.out().contains("was not down"), again.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void while_down_an_admin_login_records_nothing_and_a_logout_is_refused_until_up(DatabaseEngine engine)
            throws Exception {
        try (ServedInstance served = ServedInstance.start(engine, home)) {
            ApiClient admin = served.admin();
            admin.get("/system/user").expect(200);
            String before = lastLogin(served);
            assertEquals(0, served.instance().run("down").exitCode());
            assertTrue(RunningServer.waitFor(() -> admin.get("/system/user").status() == 503), "down within 2 s");

            String token = ServedInstance.login(served.anonymous(), "/system/admin/session", ServedInstance.ADMIN_EMAIL,
                    ServedInstance.ADMIN_PASSWORD);
            assertFalse(token.isBlank(), "admin login still works");
            assertEquals(before, lastLogin(served), "a login while down writes nothing (an upgrade compares the data)");
            ApiClient.Reply logout = admin.delete("/system/admin/session");
            assertEquals(503, logout.status(), logout.body());
            assertTrue(logout.body().contains("nothing was changed"), logout.body());

            assertEquals(0, served.instance().run("up").exitCode());
            assertTrue(RunningServer.waitFor(() -> admin.get("/system/user").status() == 200),
                    "the session the refused logout named still works once up: log out again then");
            admin.delete("/system/admin/session").expect(200);
        }
    }

    private static String lastLogin(ServedInstance served) throws Exception {
        try (var connection = served.instance().database().connect();
             var statement = connection.prepareStatement("SELECT last_login_at FROM user_account WHERE email = ?")) {
            statement.setString(1, ServedInstance.ADMIN_EMAIL);
            try (var rows = statement.executeQuery()) {
                assertTrue(rows.next());
                return String.valueOf(rows.getObject(1));
            }
        }
    }

    @Test
    void bad_input_is_refused_and_changes_nothing() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result notSetUp = instance.run("down");
            assertTrue(notSetUp.exitCode() != 0, notSetUp.toString());
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            TestInstance.Result negative = instance.run("down", "--retry", "-5");
            assertEquals(2, negative.exitCode(), negative.toString());
            TestInstance.Result notANumber = instance.run("down", "--retry", "soon");
            assertEquals(2, notANumber.exitCode(), notANumber.toString());
            TestInstance.Result up = instance.run("up", "--json");
            assertTrue(up.out().contains("\"was_down\" : false"), "nothing was taken down: " + up.out());
            TestInstance.Result wrongKey = instance.with("APP_KEY", dev.portico.crypto.AppKey.generate().encoded()).run("down");
            assertEquals(4, wrongKey.exitCode(), wrongKey.toString());
        }
    }
}
