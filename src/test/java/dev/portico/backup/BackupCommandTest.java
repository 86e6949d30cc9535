package dev.portico.backup;

import static dev.portico.backup.BackupFixture.count;
import static dev.portico.backup.BackupFixture.entry;
import static dev.portico.backup.BackupFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.SecretBox;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code portico backup}, {@code backup:verify} and {@code backup:list} on real engines. */
class BackupCommandTest {
    private static final int LATEST = dev.portico.systemdb.MigrationCatalog.forEngine(dev.portico.config.DatabaseEngine.SQLITE).latest();
    @TempDir
    Path home;

    @Test
    void backups_made_in_the_same_second_get_names_of_their_own_and_none_is_replaced() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            assertEquals(0, instance.run("setup").exitCode());
            dev.portico.App app = new dev.portico.App(home, instance.environment());
            java.time.Clock second = java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T01:02:03Z"),
                    java.time.ZoneOffset.UTC);
            BackupService service = new BackupService(app.database(), "9.9.9", app.config().envFile(),
                    app.config().storage(), second);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                names.add(service.backup(java.util.Optional.empty(), false, line -> { }).file().getFileName().toString());
            }
            String base = names.get(0).substring(0, names.get(0).length() - ".zip".length());
            assertTrue(base.endsWith("-20261128-010203-v9.9.9-s" + LATEST), names.toString());
            assertEquals(List.of(base + ".zip", base + "-2.zip", base + "-3.zip"), names);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_backup_of_an_instance_with_extra_rows_verifies_and_counts_every_row_of_every_table(DatabaseEngine engine)
            throws Exception {
        try (TestInstance instance = new TestInstance(engine, home)) {
            String sealed = new SecretBox(AppKey.parse(instance.environment().get("APP_KEY"))).seal("hunter2-secret");
            BackupFixture.setUpWithExtraRows(instance, sealed);
            Path archive = home.resolve("out/one.zip");
            TestInstance.Result backup = instance.run("backup", "--out", archive.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            assertTrue(backup.out().contains("user_account"), "progress names each table: " + backup);
            TestInstance.Result verify = instance.run("backup:verify", archive.toString());
            assertEquals(0, verify.exitCode(), verify.toString());
            assertTrue(verify.out().startsWith("OK"), verify.toString());

            JsonNode manifest = manifest(archive);
            assertEquals(1, manifest.get("format_version").asInt());
            assertEquals(engine.connectionName(), manifest.get("source_engine").asText());
            assertEquals(AppKey.parse(instance.environment().get("APP_KEY")).fingerprint(),
                    manifest.get("key_fingerprint").asText());
            List<String> tables = new ArrayList<>();
            for (JsonNode table : manifest.get("tables")) {
                tables.add(table.get("name").asText());
                assertEquals(count(instance, table.get("name").asText()), table.get("rows").asLong(), table.toString());
            }
            assertEquals(14, tables.size(), "every table but flyway_schema_history: " + tables);
            assertFalse(tables.contains("flyway_schema_history"));
            assertTrue(tables.indexOf("role") < tables.indexOf("role_service_access"), "load order: " + tables);
            assertEquals(List.of("instance", "setting", "user_account", "cors_config", "email_template", "role",
                    "service", "app", "event_script", "lookup", "role_service_access", "scheduled_task",
                    "token_revocation", "user_app_role"), tables, "foreign-key-safe load order");
            String users = entry(archive, "data/user_account.ndjson");
            assertTrue(users.contains(BackupFixture.UNICODE_NAME.replace("\\", "\\\\").replace("\"", "\\\"")), users);
            assertTrue(users.contains("\"2024-02-29 12:34:56.123456\""), users);
            assertTrue(users.contains("true,false") || users.contains("false,true"), "booleans as JSON: " + users);
            assertTrue(entry(archive, "data/service.ndjson").contains(sealed), "the secret stays sealed, as stored");
            assertFalse(entry(archive, "data/service.ndjson").contains("hunter2-secret"));
            assertTrue(entry(archive, "data/role.ndjson").contains(BackupFixture.LONG_TEXT));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void two_backups_of_unchanged_data_have_identical_table_files_and_checksums(DatabaseEngine engine) throws Exception {
        try (TestInstance instance = new TestInstance(engine, home)) {
            BackupFixture.setUpWithExtraRows(instance, "pv1:not-really-sealed");
            assertEquals(0, instance.run("backup", "--out", home.resolve("a.zip").toString()).exitCode());
            assertEquals(0, instance.run("backup", "--out", home.resolve("b.zip").toString()).exitCode());
            JsonNode first = manifest(home.resolve("a.zip"));
            JsonNode second = manifest(home.resolve("b.zip"));
            assertEquals(first.get("tables"), second.get("tables"));
            for (JsonNode table : first.get("tables")) {
                String file = table.get("file").asText();
                assertEquals(entry(home.resolve("a.zip"), file), entry(home.resolve("b.zip"), file), file);
            }
        }
    }

    @Test
    void backup_list_shows_an_archive_written_to_the_default_place_with_its_versions_and_size() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "x");
            TestInstance.Result empty = instance.run("backup:list");
            assertEquals(0, empty.exitCode(), empty.toString());
            assertTrue(empty.out().contains("No backups"), empty.toString());
            assertEquals(0, instance.run("backup").exitCode());
            Path archive;
            try (Stream<Path> files = Files.list(home.resolve("storage/backups"))) {
                archive = files.findFirst().orElseThrow();
            }
            String name = archive.getFileName().toString();
            String instanceId = manifest(archive).get("instance_id").asText();
            assertTrue(name.matches("portico-" + instanceId.substring(0, 8) + "-\\d{8}-\\d{6}-v.+-s" + LATEST + "\\.zip"), name);
            TestInstance.Result list = instance.run("backup:list");
            assertEquals(0, list.exitCode(), list.toString());
            assertTrue(list.out().contains(name) && list.out().contains(String.valueOf(Files.size(archive))), list.toString());
            TestInstance.Result json = instance.run("backup:list", "--json");
            assertTrue(json.out().contains("\"schemaVersion\" : " + LATEST) || json.out().contains("\"schema_version\" : " + LATEST), json.toString());
        }
    }

    @Test
    void backup_list_keep_deletes_all_but_the_newest_archives_and_never_a_file_it_cannot_read() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "x");
            Path backups = Files.createDirectories(home.resolve("storage/backups"));
            for (String name : new String[] {"a.zip", "b.zip", "c.zip"}) {
                assertEquals(0, instance.run("backup", "--out", backups.resolve(name).toString()).exitCode());
            }
            Files.writeString(backups.resolve("notes.zip"), "not an archive");
            assertEquals(2, instance.run("backup:list", "--keep", "0").exitCode(), "keeping none is a usage error");
            TestInstance.Result pruned = instance.run("backup:list", "--keep", "1");
            assertEquals(0, pruned.exitCode(), pruned.toString());
            assertTrue(pruned.out().contains("Deleted a.zip") && pruned.out().contains("Deleted b.zip"), pruned.toString());
            assertTrue(Files.exists(backups.resolve("c.zip")), "the newest archive is kept");
            assertTrue(Files.exists(backups.resolve("notes.zip")), "a file that is not a readable archive is never deleted");
            assertTrue(!Files.exists(backups.resolve("a.zip")) && !Files.exists(backups.resolve("b.zip")));
        }
    }

    @Test
    void include_env_adds_the_env_file_and_says_that_it_holds_the_key() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "x");
            Files.writeString(home.resolve(".env"), "APP_KEY=" + instance.environment().get("APP_KEY") + "\n");
            Path archive = home.resolve("with-env.zip");
            TestInstance.Result backup = instance.run("backup", "--include-env", "--out", archive.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            assertTrue(backup.out().contains("APP_KEY"), backup.toString());
            assertEquals(Files.readString(home.resolve(".env")), entry(archive, "env/.env"));
            assertTrue(manifest(archive).get("include_env").asBoolean());
            assertEquals(0, instance.run("backup:verify", archive.toString()).exitCode());
        }
    }

    @Test
    void a_wrong_app_key_refuses_the_backup_before_any_file_is_written() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "x");
            instance.with("APP_KEY", AppKey.generate().encoded());
            Path archive = home.resolve("refused.zip");
            TestInstance.Result refused = instance.run("backup", "--out", archive.toString());
            assertEquals(4, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("APP_KEY does not match"), refused.toString());
            assertFalse(Files.exists(archive));
            assertEquals(4, instance.run("backup").exitCode());
            assertFalse(Files.exists(home.resolve("storage/backups")) && folderHasFiles(home.resolve("storage/backups")));
        }
    }

    @Test
    void an_unwritable_output_location_fails_with_exit_1_and_leaves_no_file() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "x");
            Path regularFile = home.resolve("not-a-folder");
            Files.writeString(regularFile, "x");
            TestInstance.Result failed = instance.run("backup", "--out", regularFile.resolve("sub/b.zip").toString());
            assertEquals(1, failed.exitCode(), failed.toString());
            assertTrue(failed.err().contains("Cannot write a backup into"), failed.toString());
            assertEquals("x", Files.readString(regularFile));
            try (Stream<Path> files = Files.list(home)) {
                assertTrue(files.noneMatch(path -> path.getFileName().toString().contains("portico-backup")));
            }
        }
    }

    private static boolean folderHasFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isPresent();
        }
    }
}
