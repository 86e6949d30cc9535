package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.App;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The comparison {@code upgrade} runs against the archive it has just written: each live table's row count
 * and SHA-256 against the manifest's, the archive read only for a table that differs, to name its rows; and
 * the check of an archive as written, which replaces reading it all again.
 */
class VerifyByHashTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_table_changed_after_the_backup_is_named_with_its_rows_and_the_equal_ones_by_their_hash(DatabaseEngine engine)
            throws Exception {
        try (TestInstance instance = new TestInstance(engine, home)) {
            BackupFixture.setUpWithExtraRows(instance, "pv1:sealed");
            try (App app = new App(instance.home(), instance.environment())) {
                BackupService.BackupResult backup = app.backups().backup(Optional.empty(), false, line -> { });
                app.database().transaction(handle -> handle.update(
                        "UPDATE user_account SET name = 'changed behind the backup' WHERE email = 'zoe@example.com'"));
                Verification verification = app.verifier().comparisonOnly().against(backup.asWritten());
                assertFalse(verification.passed(), verification.toString());
                Check users = check(verification, "users");
                assertEquals(Check.Status.FAILED, users.status(), users.toString());
                assertTrue(users.detail().matches("user_account: id \\d+ <zoe@example.com> changed \\(name\\)"),
                        users.toString());
                Check role = check(verification, "table role");
                assertEquals(Check.Status.OK, role.status(), role.toString());
                assertTrue(role.detail().contains("SHA-256 equal to the archive's"), role.toString());
                assertEquals(2, verification.count(Check.Status.FAILED), "users and table user_account only\n"
                        + verification);
            }
        }
    }

    @Test
    void a_manifest_whose_hash_the_live_table_does_not_match_fails_that_table_naming_both_hashes() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "pv1:sealed");
            try (App app = new App(instance.home(), instance.environment())) {
                BackupService.BackupResult backup = app.backups().backup(Optional.empty(), false, line -> { });
                String wrong = "0".repeat(64);
                ArchiveVerifier.Verified edited = new ArchiveVerifier.Verified(backup.file(), backup.bytes(),
                        editTable(backup.manifest(), "role", table -> new BackupManifest.TableEntry(table.name(),
                                table.file(), table.rows(), wrong, table.columns())));
                Verification verification = app.verifier().comparisonOnly().against(edited);
                Check role = check(verification, "table role");
                assertEquals(Check.Status.FAILED, role.status(), role.toString());
                assertTrue(role.detail().contains("(archive " + wrong + ")"), role.toString());
                assertEquals(Check.Status.FAILED, check(verification, "settings").status(), verification.toString());
                assertEquals(2, verification.count(Check.Status.FAILED), verification.toString());
            }
        }
    }

    @Test
    void a_manifest_with_another_row_count_fails_that_table_and_names_the_rows_the_archive_lacks() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "pv1:sealed");
            try (App app = new App(instance.home(), instance.environment())) {
                BackupService.BackupResult backup = app.backups().backup(Optional.empty(), false, line -> { });
                app.database().transaction(handle -> handle.update("INSERT INTO setting (name, value, created_at, "
                        + "updated_at) VALUES ('added later', 'x', '2024-01-01 00:00:00.000000', '2024-01-01 00:00:00.000000')"));
                Verification verification = app.verifier().comparisonOnly().against(backup.asWritten());
                Check setting = check(verification, "table setting");
                assertEquals(Check.Status.FAILED, setting.status(), setting.toString());
                assertTrue(setting.detail().matches("setting: id \\d+ <added later> not in the archive"), setting.toString());
            }
        }
    }

    @Test
    void an_archive_whose_central_directory_differs_from_what_was_written_is_refused() throws Exception {
        Path file = home.resolve("written.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("data/role.ndjson"));
            zip.write("[1]\n".getBytes());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("data/extra.ndjson"));
            zip.closeEntry();
        }
        Map<String, Long> written = new LinkedHashMap<>();
        written.put("data/role.ndjson", 5L);
        written.put("data/app.ndjson", 0L);
        IOException refused = assertThrows(IOException.class, () -> WrittenArchive.check(file, written, null));
        assertTrue(refused.getMessage().contains("data/role.ndjson has 4 bytes in the central directory, 5 were written"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("data/extra.ndjson is in the file but was not written"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("data/app.ndjson was written but is not in the central directory"),
                refused.getMessage());
    }

    @Test
    void an_archive_as_written_verifies_like_backup_verify_reads_it() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "pv1:sealed");
            try (App app = new App(instance.home(), instance.environment())) {
                BackupService.BackupResult backup = app.backups().backup(Optional.empty(), false, line -> { });
                ArchiveVerifier.Verified read = new ArchiveVerifier().verify(backup.file());
                assertEquals(read.manifest(), backup.manifest());
                assertEquals(read.bytes(), backup.bytes());
                try (ZipFile zip = new ZipFile(backup.file().toFile())) {
                    assertEquals(backup.manifest().tables().size() + 1, zip.size());
                }
                assertEquals(ArchiveEdit.sha256(Files.readAllBytes(backup.file())), backup.sha256());
                Verification verification = app.verifier().comparisonOnly().against(backup.asWritten());
                assertTrue(verification.passed(), verification.toString());
            }
        }
    }

    private static BackupManifest editTable(BackupManifest manifest, String name,
                                            UnaryOperator<BackupManifest.TableEntry> edit) {
        return new BackupManifest(manifest.formatVersion(), manifest.porticoVersion(), manifest.schemaVersion(),
                manifest.sourceEngine(), manifest.instanceId(), manifest.createdAt(), manifest.keyFingerprint(),
                manifest.includeEnv(), manifest.includeKey(), manifest.includeFiles(),
                manifest.tables().stream().map(table -> table.name().equals(name) ? edit.apply(table) : table).toList(),
                manifest.files());
    }

    private static Check check(Verification verification, String name) {
        return verification.checks().stream().filter(check -> check.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + verification));
    }
}
