package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance moved SQLite → PostgreSQL → MariaDB → SQLite ends with the same logical content it started with. */
class RestoreChainTest {
    @TempDir
    Path folder;

    @Test
    void a_chain_of_moves_across_every_engine_ends_identical_in_logical_content() throws Exception {
        List<DatabaseEngine> chain = List.of(DatabaseEngine.SQLITE, DatabaseEngine.POSTGRESQL, DatabaseEngine.MYSQL,
                DatabaseEngine.SQLITE);
        Path first = folder.resolve("hop-0.zip");
        String key;
        try (TestInstance origin = new TestInstance(chain.get(0), Files.createDirectories(folder.resolve("origin")))) {
            BackupFixture.setUpWithExtraRows(origin, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
            TestInstance.Result backup = origin.run("backup", "--out", first.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            key = origin.environment().get("APP_KEY");
        }
        Path previous = first;
        for (int hop = 1; hop < chain.size(); hop++) {
            Path next = folder.resolve("hop-" + hop + ".zip");
            try (TestInstance target = new TestInstance(chain.get(hop), Files.createDirectories(folder.resolve("hop-" + hop)))
                    .with("APP_KEY", key)) {
                TestInstance.Result restore = target.run("restore", previous.toString());
                assertEquals(0, restore.exitCode(), "hop " + hop + " onto " + chain.get(hop) + ": " + restore);
                TestInstance.Result backup = target.run("backup", "--out", next.toString());
                assertEquals(0, backup.exitCode(), backup.toString());
            }
            previous = next;
        }
        assertEquals(RestoreFixture.hashes(first), RestoreFixture.hashes(previous),
                "every table's data file after SQLite → PostgreSQL → MariaDB → SQLite equals the original's");
    }
}
