package dev.portico.backup;

import static dev.portico.backup.BackupFixture.entry;
import static dev.portico.backup.BackupFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive format is engine-neutral: the same data gives the same columns, types and data files anywhere. */
class BackupAcrossEnginesTest {
    /** Tables holding values random to each instance: its id and key canary, the apps' generated API keys. */
    private static final Set<String> RANDOM_PER_INSTANCE = Set.of("instance", "app");

    @TempDir
    Path sqliteHome;

    @TempDir
    Path postgresHome;

    @TempDir
    Path mariadbHome;

    @Test
    void the_same_data_from_sqlite_postgresql_and_mariadb_gives_identical_columns_and_data_files() throws Exception {
        Path sqlite = backUp(DatabaseEngine.SQLITE, sqliteHome);
        for (Path other : new Path[] {backUp(DatabaseEngine.POSTGRESQL, postgresHome), backUp(DatabaseEngine.MYSQL, mariadbHome)}) {
            JsonNode expected = manifest(sqlite).get("tables");
            JsonNode actual = manifest(other).get("tables");
            assertEquals(expected.size(), actual.size());
            for (int index = 0; index < expected.size(); index++) {
                String table = expected.get(index).get("name").asText();
                assertEquals(table, actual.get(index).get("name").asText(), "the same load order");
                assertEquals(expected.get(index).get("columns"), actual.get(index).get("columns"), table + " columns");
                assertEquals(expected.get(index).get("rows"), actual.get(index).get("rows"), table + " rows");
                if (!RANDOM_PER_INSTANCE.contains(table)) {
                    String file = expected.get(index).get("file").asText();
                    assertEquals(maskSeededTimes(entry(sqlite, file)), maskSeededTimes(entry(other, file)), file);
                }
            }
        }
    }

    private static Path backUp(DatabaseEngine engine, Path home) {
        try (TestInstance instance = new TestInstance(engine, home)) {
            // one ciphertext for all: sealing is randomised, and the point is that it travels unchanged
            BackupFixture.setUpWithExtraRows(instance, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
            Path archive = home.resolve("backup.zip");
            TestInstance.Result result = instance.run("backup", "--out", archive.toString());
            assertEquals(0, result.exitCode(), result.toString());
            return archive;
        }
    }

    /** Seeding writes "now"; the rows this test adds carry fixed times, which stay unmasked. */
    private static String maskSeededTimes(String data) {
        return data.replaceAll("\"(?!2024-02-29 12:34:56\\.123456)\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}\"",
                "\"<seeded>\"");
    }
}
