package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.App;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.PasswordHasher;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A backup made on any engine restores onto any engine, and a backup of the result is the same archive
 * data: every entity type, unicode, long texts, nulls, extreme integers, fractional seconds, sealed secrets.
 */
class RestoreAcrossEnginesTest {
    private static final String EMAIL = "restored@example.com";
    private static final String PASSWORD = "a long restored password 123";

    @TempDir
    Path folder;

    static Stream<Arguments> pairs() {
        return Arrays.stream(DatabaseEngine.values())
                .flatMap(from -> Arrays.stream(DatabaseEngine.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void a_backup_restored_onto_another_engine_backs_up_to_identical_table_files_and_keeps_counting_ids(
            DatabaseEngine from, DatabaseEngine to) throws Exception {
        Path archive = folder.resolve("source.zip");
        Path again = folder.resolve("target.zip");
        try (TestInstance source = new TestInstance(from, Files.createDirectories(folder.resolve("source")))) {
            TestInstance.Result setup = source.run("migrate", "--seed");
            assertEquals(0, setup.exitCode(), setup.toString());
            try (App app = new App(source.home(), source.environment())) {
                RichInstance.populate(app, PASSWORD); // every table but one, edge values, sealed secrets
            }
            TestInstance.Result admin = source.with("ADMIN_PASSWORD", PASSWORD).run("admin:create", "--email", EMAIL);
            assertEquals(0, admin.exitCode(), admin.toString());
            TestInstance.Result backup = source.run("backup", "--out", archive.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            try (TestInstance target = new TestInstance(to, Files.createDirectories(folder.resolve("target")))
                    .with("APP_KEY", source.environment().get("APP_KEY"))) {
                TestInstance.Result restore = target.run("restore", archive.toString());
                assertEquals(0, restore.exitCode(), restore.toString());

                TestInstance.Result second = target.run("backup", "--out", again.toString());
                assertEquals(0, second.exitCode(), second.toString());
                assertEquals(RestoreFixture.hashes(archive), RestoreFixture.hashes(again));
                String hash = "SELECT password FROM user_account WHERE email = '" + EMAIL + "'";
                assertEquals(RestoreFixture.single(source, hash), RestoreFixture.single(target, hash));
                assertTrue(new PasswordHasher().verify(PASSWORD, RestoreFixture.single(target, hash)),
                        "the restored admin's password still verifies");

                long maxRole = Long.parseLong(RestoreFixture.single(source, "SELECT MAX(id) FROM role"));
                long maxUser = Long.parseLong(RestoreFixture.single(source, "SELECT MAX(id) FROM user_account"));
                try (App app = new App(target.home(), target.environment())) {
                    Instant now = Instant.parse("2025-01-01T00:00:00Z");
                    long role = app.database().transaction(handle -> handle.insert("INSERT INTO role (name, is_active, "
                            + "created_at, updated_at) VALUES (?, ?, ?, ?)", "after restore", true, now, now));
                    long user = app.database().transaction(handle -> handle.insert("INSERT INTO user_account (name, "
                            + "email, is_sys_admin, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                            "New", "new@example.com", false, true, now, now));
                    assertEquals(maxRole + 1, role, "the role id counter was reset past the restored rows");
                    assertEquals(maxUser + 1, user, "the user id counter was reset past the restored rows");
                }
                try (Stream<Path> logs = Files.walk(target.home().resolve("storage/logs"))) {
                    assertTrue(logs.filter(Files::isRegularFile).anyMatch(log -> read(log).contains("restore of " + archive)),
                            "the restore is recorded in the log");
                }
                TestInstance.Result status = target.run("migrate:status");
                assertEquals(0, status.exitCode(), status.toString());
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
