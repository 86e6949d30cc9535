package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.backup.FixtureArchives;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import dev.portico.upgrade.UpgradeFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A schema-1 instance upgraded by {@code portico upgrade} serves and its admin and user log in; rolled back,
 * this Portico refuses to serve it until it is migrated again.
 */
class UpgradedInstanceServesTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void an_upgraded_instance_serves_its_logins_and_once_rolled_back_serve_refuses_until_migrated(DatabaseEngine engine) {
        try (TestInstance instance = UpgradeFixture.schemaOne(engine, home)) {
            TestInstance.Result upgrade = instance.run("upgrade", "--yes");
            assertEquals(0, upgrade.exitCode(), upgrade.toString());
            try (RunningServer server = RunningServer.start(instance)) {
                ApiClient anonymous = new ApiClient(server.port());
                String admin = ServedInstance.login(anonymous, "/system/admin/session", "rich-admin@example.com",
                        FixtureArchives.password());
                assertFalse(admin.isBlank());
                String user = ServedInstance.login(anonymous, "/user/session", "zoe@example.com", FixtureArchives.password());
                assertFalse(user.isBlank());
                anonymous.withToken(admin).get("/system/user").expect(200);
            }

            TestInstance.Result rollback = instance.run("rollback", "--yes");
            assertEquals(0, rollback.exitCode(), rollback.toString());
            TestInstance.Result refused = RunningServer.refused(instance, "--port", "0");
            assertEquals(ErrorCode.REFUSED.exitCode(), refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("1 pending migration(s) (schema 1, this Portico needs "), refused.toString());
            assertTrue(refused.err().contains("`portico migrate`"), refused.toString());

            try (RunningServer migrated = RunningServer.start(instance, "--migrate")) {
                ApiClient anonymous = new ApiClient(migrated.port());
                assertFalse(ServedInstance.login(anonymous, "/system/admin/session", "rich-admin@example.com",
                        FixtureArchives.password()).isBlank(), "serves once migrated");
            }
        }
    }
}
