package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.testing.TestDatabase;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** `portico clone --to TARGET` copies an instance onto another database, any engine, through real CLI runs. */
class CloneCommandTest {
    private static final String SECRET = "pv1:0123456789ab:c2VhbGVkIHNlY3JldA";

    @TempDir
    Path folder;

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(DatabaseEngine.SQLITE, DatabaseEngine.POSTGRESQL),
                Arguments.of(DatabaseEngine.POSTGRESQL, DatabaseEngine.MYSQL),
                Arguments.of(DatabaseEngine.MYSQL, DatabaseEngine.SQLITE));
    }

    /** The URL of a test database, without a password (tests give it through PORTICO_CLONE_PASSWORD). */
    static String url(TestDatabase database) {
        if (database.engine() == DatabaseEngine.SQLITE) {
            return "sqlite:" + database.sqliteFile();
        }
        TestDatabase.Server server = TestDatabase.server(database.engine());
        String scheme = database.engine() == DatabaseEngine.POSTGRESQL ? "postgresql" : "mariadb";
        return scheme + "://" + server.user() + "@" + server.host() + ":" + server.port() + "/" + database.name();
    }

    private TestInstance source(DatabaseEngine engine) throws Exception {
        TestInstance source = new TestInstance(engine, Files.createDirectories(folder.resolve("source")));
        BackupFixture.setUpWithExtraRows(source, SECRET);
        String password = TestDatabase.server(DatabaseEngine.POSTGRESQL).password();
        return source.with("PORTICO_CLONE_PASSWORD", password.isEmpty() ? null : password);
    }

    private TestInstance target(DatabaseEngine engine, TestInstance source) throws Exception {
        return new TestInstance(engine, Files.createDirectories(folder.resolve("target")))
                .with("APP_KEY", source.environment().get("APP_KEY"));
    }

    private void assertSameTables(TestInstance source, TestInstance target) throws Exception {
        Path one = folder.resolve("source-" + System.nanoTime() + ".zip");
        Path two = folder.resolve("target-" + System.nanoTime() + ".zip");
        assertEquals(0, source.run("backup", "--out", one.toString()).exitCode());
        TestInstance.Result backup = target.run("backup", "--out", two.toString());
        assertEquals(0, backup.exitCode(), backup.toString());
        assertEquals(RestoreFixture.hashes(one), RestoreFixture.hashes(two));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void a_clone_onto_another_engine_has_every_table_equal_to_the_source(DatabaseEngine from, DatabaseEngine to)
            throws Exception {
        try (TestInstance source = source(from); TestInstance target = target(to, source)) {
            TestInstance.Result clone = source.run("clone", "--to", url(target.database()));
            assertEquals(0, clone.exitCode(), clone.toString());
            assertTrue(clone.out().contains("user_account"), "a progress line per table: " + clone);
            assertTrue(clone.out().contains("Cloned onto the"), clone.toString());
            assertSameTables(source, target);
            TestInstance.Result status = target.run("migrate:status");
            assertEquals(0, status.exitCode(), "the target opens with the same APP_KEY: " + status);
            assertEquals(Map.of(), Map.copyOf(journals(source)), "no restore journal is left behind");
        }
    }

    @Test
    void a_non_empty_target_is_refused_with_exit_4_and_replaced_with_force() throws Exception {
        try (TestInstance source = source(DatabaseEngine.SQLITE); TestInstance target = target(DatabaseEngine.POSTGRESQL, source)) {
            BackupFixture.setUpWithExtraRows(target, "pv1:0123456789ab:b3RoZXI");
            Map<String, Long> before = RestoreFixture.tables(target);
            TestInstance.Result refused = source.run("clone", "--to", url(target.database()));
            assertEquals(4, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("portico clone --to") && refused.err().contains("--force"), refused.toString());
            assertEquals(before, RestoreFixture.tables(target));

            TestInstance.Result dryRun = source.run("clone", "--to", url(target.database()), "--force", "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.toString());
            assertTrue(dryRun.out().contains("nothing was written"), dryRun.toString());
            assertEquals(before, RestoreFixture.tables(target));

            TestInstance.Result forced = source.run("clone", "--to", url(target.database()), "--force");
            assertEquals(0, forced.exitCode(), forced.toString());
            assertSameTables(source, target);
        }
    }

    @Test
    void a_second_instance_env_file_is_a_target_and_must_hold_the_same_app_key() throws Exception {
        try (TestInstance source = source(DatabaseEngine.SQLITE); TestInstance target = target(DatabaseEngine.MYSQL, source)) {
            Path env = Files.createDirectories(folder.resolve("staging")).resolve(".env");
            StringBuilder lines = new StringBuilder();
            target.database().environment().forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
            AppKey other = AppKey.generate();
            Files.writeString(env, lines + "APP_KEY=" + other.encoded() + "\n");
            TestInstance.Result refused = source.run("clone", "--to", env.toString());
            assertEquals(4, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains(other.fingerprint()), refused.toString());
            assertTrue(refused.err().contains(AppKey.parse(source.environment().get("APP_KEY")).fingerprint()), refused.toString());
            assertFalse(refused.toString().contains(other.encoded().substring(7)), "never the key itself");
            assertEquals(Map.of(), RestoreFixture.tables(target));

            Files.writeString(env, lines + "APP_KEY=" + source.environment().get("APP_KEY") + "\n");
            TestInstance.Result clone = source.run("clone", "--to", env.toString());
            assertEquals(0, clone.exitCode(), clone.toString());
            assertSameTables(source, target);
        }
    }

    @Test
    void the_instance_own_database_is_refused_as_a_target_with_exit_4() throws Exception {
        try (TestInstance source = source(DatabaseEngine.SQLITE)) {
            Map<String, Long> before = RestoreFixture.tables(source);
            TestInstance.Result result = source.run("clone", "--to", "sqlite:" + source.database().sqliteFile());
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("onto itself"), result.toString());
            assertEquals(before, RestoreFixture.tables(source));
        }
        try (TestInstance source = new TestInstance(DatabaseEngine.POSTGRESQL, Files.createDirectories(folder.resolve("pg")))) {
            assertEquals(0, source.run("migrate", "--seed").exitCode());
            TestDatabase.Server server = TestDatabase.server(DatabaseEngine.POSTGRESQL);
            TestInstance.Result result = source.run("clone", "--to", "jdbc:postgresql://" + server.user() + "@localhost:"
                    + server.port() + "/" + source.database().name());
            assertEquals(4, result.exitCode(), "localhost is 127.0.0.1: " + result);
        }
    }

    @Test
    void an_unreachable_target_fails_with_exit_1_and_never_shows_the_password() throws Exception {
        try (TestInstance source = source(DatabaseEngine.SQLITE)) {
            String password = "hunter2-Secret-Pw";
            TestInstance.Result inUrl = source.run("clone", "--to", "postgresql://someone:" + password + "@127.0.0.1:1/staging");
            assertEquals(1, inUrl.exitCode(), inUrl.toString());
            assertTrue(inUrl.err().contains("Cannot reach"), inUrl.toString());
            assertFalse(inUrl.toString().contains(password), inUrl.toString());

            TestInstance.Result fromEnvironment = source.with("PORTICO_CLONE_PASSWORD", password)
                    .run("clone", "--to", "mysql://someone@127.0.0.1:1/staging");
            assertEquals(1, fromEnvironment.exitCode(), fromEnvironment.toString());
            assertFalse(fromEnvironment.toString().contains(password), fromEnvironment.toString());
            assertEquals(Map.of(), Map.copyOf(journals(source)), "no restore journal is left behind");
        }
    }

    @Test
    void a_bad_target_is_a_usage_error_with_exit_2_and_never_shows_the_password() throws Exception {
        try (TestInstance source = source(DatabaseEngine.SQLITE)) {
            for (String bad : new String[] {"ftp://u@host/db", "postgresql://u:hunter2-Pw@/", "mysql://host/db",
                "no-such-file.env", "sqlite:", "postgresql://u:hunter2-Pw@host:5432/db?x=%zz"}) {
                TestInstance.Result result = source.run("clone", "--to", bad);
                assertEquals(2, result.exitCode(), bad + ": " + result);
                assertTrue(result.err().contains("postgresql://USER@HOST"), "the message shows the forms: " + result);
                assertFalse(result.toString().contains("hunter2"), result.toString());
            }
        }
    }

    private static Map<String, Long> journals(TestInstance instance) throws Exception {
        Path storage = instance.home().resolve("storage");
        if (!Files.isDirectory(storage)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.list(storage)) {
            return files.filter(file -> file.getFileName().toString().startsWith("restore-journal"))
                    .collect(java.util.stream.Collectors.toMap(file -> file.getFileName().toString(), file -> 0L));
        }
    }
}
