package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServeFirstRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void serve_sets_up_an_empty_instance_and_then_reports_itself_live_and_ready(DatabaseEngine engine)
            throws Exception {
        int latest = dev.portico.systemdb.MigrationCatalog.forEngine(engine).latest();
        try (TestInstance instance = new TestInstance(engine, home);
             RunningServer server = RunningServer.start(instance)) {
            String out = server.out();
            assertTrue(out.contains("Applied " + latest + " migration(s): schema 0 -> " + latest), out);
            assertTrue(out.contains("Created the first sys-admin admin@portico.local with password: "), out);
            assertTrue(out.indexOf("Created the first sys-admin") < out.indexOf("is serving on"),
                    "the instance is set up before the server announces itself: " + out);
            assertEquals(1, sysAdmins(instance), "serve creates exactly one sys-admin on a new instance");

            HttpResponse<String> live = server.get("/health/live");
            assertEquals(200, live.statusCode(), live.body());
            assertTrue(isJson(live), live.headers().map().toString());
            assertEquals(JSON.readTree("{\"status\":\"ok\"}"), JSON.readTree(live.body()));

            HttpResponse<String> ready = server.get("/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            JsonNode body = JSON.readTree(ready.body());
            assertEquals("ready", body.path("status").asText(), ready.body());
            JsonNode checks = body.path("checks");
            assertEquals("ok", checks.path("database").asText(), ready.body());
            assertEquals("ok", checks.path("schema").asText(), ready.body());
            assertEquals("ok", checks.path("key").asText(), ready.body());
            assertEquals(latest, checks.path("schema_version").asInt(), ready.body());
            assertFalse(ready.body().contains(instance.environment().get("APP_KEY")), "the key is never served");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_second_serve_of_the_same_instance_sets_nothing_up_again(DatabaseEngine engine) throws Exception {
        try (TestInstance instance = new TestInstance(engine, home)) {
            try (RunningServer first = RunningServer.start(instance)) {
                assertEquals(200, first.get("/health/ready").statusCode());
            }
            try (RunningServer second = RunningServer.start(instance)) {
                String out = second.out();
                assertFalse(out.contains("Applied"), "nothing to migrate on the second start: " + out);
                assertFalse(out.contains("Created the first sys-admin"), "the sys-admin exists already: " + out);
                assertEquals(200, second.get("/health/ready").statusCode());
            }
            assertEquals(1, sysAdmins(instance));
        }
    }

    static boolean isJson(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
    }

    private static int sysAdmins(TestInstance instance) throws SQLException {
        try (Connection connection = instance.database().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM user_account WHERE is_sys_admin = TRUE")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
