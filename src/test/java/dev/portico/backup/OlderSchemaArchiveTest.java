package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.App;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.PasswordHasher;
import dev.portico.crypto.SecretBox;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The archive committed by schema 1 restores onto every engine and is migrated forward to this build's schema. */
class OlderSchemaArchiveTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_schema_1_archive_restores_and_is_migrated_forward(DatabaseEngine engine) throws Exception {
        Path archive = FixtureArchives.archive(1);
        int latest = MigrationCatalog.forEngine(engine).latest();
        assertTrue(latest > 1, "this test needs a schema newer than the fixture's");
        try (TestInstance target = new TestInstance(engine, folder).with("APP_KEY", FixtureArchives.appKey())) {
            TestInstance.Result restore = target.run("restore", archive.toString());
            assertEquals(0, restore.exitCode(), restore.toString());
            assertTrue(restore.out().contains("forward to " + latest), restore.toString());

            TestInstance.Result status = target.run("migrate:status", "--json");
            assertEquals(0, status.exitCode(), status.toString());
            JsonNode state = new ObjectMapper().readTree(status.out());
            assertEquals(latest, state.path("current").asInt(), status.out());

            Path again = folder.resolve("again.zip");
            TestInstance.Result backup = target.run("backup", "--out", again.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            Map<String, String> before = RestoreFixture.hashes(archive);
            Map<String, String> after = RestoreFixture.hashes(again);
            before.remove("instance"); // it gained the columns of schema 2
            after.remove("instance");
            assertEquals(before, after, "every other table is byte for byte what schema 1 wrote");
            assertNull(RestoreFixture.single(target, "SELECT maintenance_started_at FROM instance"), "up, not in maintenance");

            String hash = RestoreFixture.single(target, "SELECT password FROM user_account WHERE email = '"
                    + RichInstance.USER_EMAIL + "'");
            assertTrue(new PasswordHasher().verify(FixtureArchives.password(), hash), "the user can still log in");
            SecretBox box = new SecretBox(AppKey.parse(FixtureArchives.appKey()));
            String config = RestoreFixture.single(target, "SELECT config FROM service WHERE name = 'crm'");
            String sealed = new ObjectMapper().readTree(config).get("password").asText();
            assertEquals(RichInstance.SECRET, box.open(sealed), "sealed secrets open with the archive's key");

            try (App app = new App(target.home(), target.environment())) {
                Instant now = Instant.parse("2026-01-01T00:00:00Z");
                long id = app.database().transaction(handle -> handle.insert("INSERT INTO user_account (name, email, "
                        + "is_sys_admin, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", "Next",
                        "next@example.com", false, true, now, now));
                assertEquals(RichInstance.BIG_USER_ID + 1, id, "ids go on after the highest restored one");
            }
        }
    }
}
