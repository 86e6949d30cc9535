package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A restore checks before it writes, and a restore that fails leaves the target as it was. */
class RestoreSafetyTest {
    @TempDir
    static Path shared;

    @TempDir
    Path folder;

    private static Path archive;
    private static String key;

    @BeforeAll
    static void backUpASource() throws Exception {
        archive = shared.resolve("source.zip");
        try (TestInstance source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(shared.resolve("src")))) {
            BackupFixture.setUpWithExtraRows(source, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
            assertEquals(0, source.run("backup", "--out", archive.toString()).exitCode());
            key = source.environment().get("APP_KEY");
        }
    }

    private TestInstance target(DatabaseEngine engine) throws Exception {
        return new TestInstance(engine, Files.createTempDirectory(folder, "target")).with("APP_KEY", key);
    }

    @Test
    void a_wrong_app_key_is_refused_with_exit_4_naming_both_fingerprints_and_nothing_is_written() throws Exception {
        try (TestInstance target = target(DatabaseEngine.SQLITE)) {
            AppKey other = AppKey.generate();
            TestInstance.Result result = target.with("APP_KEY", other.encoded()).run("restore", archive.toString());
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains(other.fingerprint()), result.toString());
            assertTrue(result.err().contains(AppKey.parse(key).fingerprint()), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    @Test
    void an_archive_of_a_newer_schema_is_refused_with_exit_4() throws Exception {
        Path newer = RestoreFixture.withSchemaVersion(archive, folder.resolve("newer.zip"), 99);
        try (TestInstance target = target(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = target.run("restore", newer.toString());
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("schema 99"), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    @Test
    void a_truncated_archive_fails_the_integrity_check_with_exit_3() throws Exception {
        Path truncated = folder.resolve("truncated.zip");
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (TestInstance target = target(DatabaseEngine.SQLITE)) {
            TestInstance.Result result = target.run("restore", truncated.toString());
            assertEquals(3, result.exitCode(), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_row_edited_in_the_last_table_fails_with_exit_3_during_the_load_and_the_target_stays_empty(
            DatabaseEngine engine) throws Exception {
        // the data files are checked while they load (one pass), so this is found after the other tables went in
        String file = null;
        for (var table : BackupFixture.manifest(archive).get("tables")) {
            file = table.get("rows").asLong() > 0 ? table.get("file").asText() : file;
        }
        String data = BackupFixture.entry(archive, file);
        int at = data.lastIndexOf('"') - 1; // the last character of the last row's last text: same type, other value
        char was = data.charAt(at);
        char now = Character.isDigit(was) ? (was == '0' ? '1' : '0') : (was == 'x' ? 'y' : 'x');
        String edited = data.substring(0, at) + now + data.substring(at + 1);
        Path tampered = ArchiveEdit.of(archive).replace(file, edited.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .keepHashes().writeTo(folder.resolve("tampered.zip"));
        try (TestInstance target = target(engine)) {
            TestInstance.Result result = target.run("restore", tampered.toString());
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(result.err().contains("rolled back"), result.toString());
            assertTrue(result.err().contains(file + " holds"), result.toString());
            assertTrue(result.err().contains("damaged or was edited"), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
            assertEquals(3, target.run("restore", tampered.toString(), "--dry-run").exitCode(), "a dry run reads every row");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_data_file_whose_compressed_bytes_are_damaged_fails_with_exit_3_and_the_target_stays_empty(
            DatabaseEngine engine) throws Exception {
        // the ZIP's structure is intact, so only unpacking the entry during the load (on its own thread) finds it
        String file;
        long size;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive.toFile())) {
            java.util.zip.ZipEntry largest = zip.stream().filter(entry -> entry.getName().startsWith("data/"))
                    .max(java.util.Comparator.comparingLong(java.util.zip.ZipEntry::getCompressedSize)).orElseThrow();
            file = largest.getName();
            size = largest.getCompressedSize();
        }
        byte[] bytes = Files.readAllBytes(archive);
        byte[] name = file.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int header = indexOf(bytes, name); // the local header's name comes before the central directory's
        int start = header + name.length + (bytes[header - 2] & 0xff | (bytes[header - 1] & 0xff) << 8);
        java.util.Arrays.fill(bytes, start + (int) size / 2, start + (int) size / 2 + 64, (byte) 0xff);
        Path damaged = folder.resolve("damaged.zip");
        Files.write(damaged, bytes);
        try (TestInstance target = target(engine)) {
            TestInstance.Result result = target.run("restore", damaged.toString());
            assertEquals(3, result.exitCode(), result.toString());
            assertTrue(result.err().contains("rolled back"), result.toString());
            assertTrue(result.err().contains("damaged"), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not in the archive");
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_dry_run_prints_the_plan_and_writes_nothing(DatabaseEngine engine) throws Exception {
        try (TestInstance target = target(engine)) {
            TestInstance.Result result = target.run("restore", archive.toString(), "--dry-run");
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.out().contains("nothing was written"), result.toString());
            assertTrue(result.out().contains("user_account"), result.toString());
            assertTrue(result.out().contains(engine.connectionName()), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
            TestInstance.Result json = target.run("restore", archive.toString(), "--dry-run", "--json");
            assertEquals(0, json.exitCode(), json.toString());
            var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
            assertEquals(true, plan.get("dry_run").asBoolean());
            assertEquals(engine.connectionName(), plan.get("target_engine").asText());
            assertEquals(BackupFixture.manifest(archive).get("tables").size(), plan.get("tables").size());
            if (engine == DatabaseEngine.SQLITE) {
                assertTrue(!Files.exists(target.database().sqliteFile()), "no SQLite file was created");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_target_with_data_is_refused_without_force_and_replaced_with_force(DatabaseEngine engine) throws Exception {
        try (TestInstance target = target(engine)) {
            BackupFixture.setUpWithExtraRows(target, "pv1:0123456789ab:b3RoZXI");
            Map<String, Long> before = RestoreFixture.tables(target);
            TestInstance.Result refused = target.run("restore", archive.toString());
            assertEquals(4, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("--force"), refused.toString());
            assertEquals(before, RestoreFixture.tables(target));
            assertEquals(4, target.run("restore", archive.toString(), "--dry-run").exitCode());

            TestInstance.Result forced = target.run("restore", archive.toString(), "--force");
            assertEquals(0, forced.exitCode(), forced.toString());
            Path again = folder.resolve("again-" + engine + ".zip");
            assertEquals(0, target.run("backup", "--out", again.toString()).exitCode());
            assertEquals(RestoreFixture.hashes(archive), RestoreFixture.hashes(again));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_load_that_fails_half_way_leaves_an_empty_target_empty(DatabaseEngine engine) throws Exception {
        Path broken = RestoreFixture.withDuplicateRow(archive, folder.resolve("broken.zip"));
        try (TestInstance target = target(engine)) {
            TestInstance.Result result = target.run("restore", broken.toString());
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("rolled back"), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_row_pointing_at_a_missing_parent_fails_the_load_and_the_target_stays_empty(
            DatabaseEngine engine) throws Exception {
        Path orphan = RestoreFixture.withOrphan(archive, folder.resolve("orphan.zip"));
        try (TestInstance target = target(engine)) {
            TestInstance.Result result = target.run("restore", orphan.toString());
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("rolled back"), result.toString());
            if (engine != DatabaseEngine.SQLITE) { // SQLite's error does not say which key
                assertTrue(result.err().contains("created_by_id"), result.toString());
            }
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_duplicate_email_fails_the_load_although_unique_keys_are_built_at_its_end(DatabaseEngine engine)
            throws Exception {
        // PostgreSQL adds its unique constraints after the rows, MariaDB builds them at the end of a bulk load
        Path duplicate = RestoreFixture.withDuplicateUniqueKey(archive, folder.resolve("duplicate.zip"));
        try (TestInstance target = target(engine)) {
            TestInstance.Result result = target.run("restore", duplicate.toString());
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("rolled back"), result.toString());
            assertTrue(result.err().toLowerCase(java.util.Locale.ROOT).contains("unique"), result.toString());
            assertEquals(Map.of(), RestoreFixture.tables(target));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_load_that_fails_half_way_over_existing_data_leaves_the_old_data_in_place(DatabaseEngine engine)
            throws Exception {
        Path broken = RestoreFixture.withDuplicateRow(archive, folder.resolve("broken.zip"));
        try (TestInstance target = target(engine)) {
            BackupFixture.setUpWithExtraRows(target, "pv1:0123456789ab:b3RoZXI");
            Path before = folder.resolve("before.zip");
            assertEquals(0, target.run("backup", "--out", before.toString()).exitCode());

            TestInstance.Result result = target.run("restore", broken.toString(), "--force");
            assertEquals(1, result.exitCode(), result.toString());
            Path after = folder.resolve("after.zip");
            assertEquals(0, target.run("backup", "--out", after.toString()).exitCode());
            assertEquals(RestoreFixture.hashes(before), RestoreFixture.hashes(after));
        }
    }
}
