package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.backup.FixtureArchives;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An instance restored from an older archive serves: its admin and user log in, its sealed secrets stay masked. */
class RestoredInstanceServesTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void the_restored_admin_and_user_log_in_over_http(DatabaseEngine engine) {
        try (TestInstance instance = new TestInstance(engine, home).with("APP_KEY", FixtureArchives.appKey())) {
            TestInstance.Result restore = instance.run("restore", FixtureArchives.archive(1).toString());
            assertEquals(0, restore.exitCode(), restore.toString());
            try (RunningServer server = RunningServer.start(instance)) {
                ApiClient anonymous = new ApiClient(server.port());
                String token = ServedInstance.login(anonymous, "/system/admin/session", "rich-admin@example.com",
                        FixtureArchives.password());
                ApiClient admin = anonymous.withToken(token);
                JsonNode crm = admin.get("/system/service", "filter", "name='crm'").expect(200).path("resource").path(0);
                assertEquals("**********", crm.path("config").path("password").asText(), crm.toString());
                assertEquals("db.internal", crm.path("config").path("host").asText(), crm.toString());

                String user = ServedInstance.login(anonymous, "/user/session", "zoe@example.com", FixtureArchives.password());
                assertFalse(user.isBlank());
                anonymous.post("/user/session", ApiClient.json("{'email':'zoe@example.com','password':'wrong password'}"))
                        .expect(401);
            }
        }
    }
}
