package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite keeps timestamps as free text: {@code backup} writes the usual shape as it is (padded to six fraction
 * digits) and parses any other, refusing text that names no real date and time.
 */
class SqliteTimestampBackupTest {
    @TempDir
    Path home;

    @Test
    void a_timestamp_without_fraction_is_padded_and_one_in_another_shape_is_normalised() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "pv1:sealed");
            execute(instance, "UPDATE user_account SET created_at = '2024-02-29 12:00:00', "
                    + "last_login_at = '2024-02-29T12:00:00.1234567' WHERE email = 'zoe@example.com'");
            Path archive = home.resolve("padded.zip");
            TestInstance.Result backup = instance.run("backup", "--out", archive.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            String users = BackupFixture.entry(archive, "data/user_account.ndjson");
            assertTrue(users.contains("\"2024-02-29 12:00:00.000000\""), users);
            assertTrue(users.contains("\"2024-02-29 12:00:00.123456\""), users);
        }
    }

    @Test
    void a_timestamp_that_names_no_real_date_fails_the_backup_naming_the_column_and_leaves_no_archive() throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            BackupFixture.setUpWithExtraRows(instance, "pv1:sealed");
            execute(instance, "UPDATE user_account SET created_at = '2023-02-29 12:00:00.000000' "
                    + "WHERE email = 'zoe@example.com'");
            Path archive = home.resolve("refused.zip");
            TestInstance.Result backup = instance.run("backup", "--out", archive.toString());
            assertEquals(1, backup.exitCode(), backup.toString());
            assertTrue(backup.err().contains("Cannot read user_account.created_at: it holds '2023-02-29 12:00:00.000000' "
                    + "where the schema expects a UTC timestamp"), backup.toString());
            assertFalse(Files.exists(archive), "no archive");
        }
    }

    private static void execute(TestInstance instance, String sql) throws Exception {
        try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
