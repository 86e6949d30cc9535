package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The target engine and version check, and what the plan says about them and about free space. */
class RestoreTargetTest {
    @TempDir
    Path folder;

    @Test
    void server_versions_are_read_from_what_the_drivers_report_and_old_ones_are_unsupported() {
        ServerVersion maria = ServerVersion.parse(DatabaseEngine.MYSQL, "MariaDB", "5.5.5-10.11.6-MariaDB-0+deb12u1");
        assertEquals("MariaDB 10.11", maria.toString());
        assertTrue(maria.supported());
        assertFalse(ServerVersion.parse(DatabaseEngine.MYSQL, "MariaDB", "10.4.32-MariaDB").supported());
        assertTrue(ServerVersion.parse(DatabaseEngine.MYSQL, "MySQL", "8.0.36").supported());
        assertFalse(ServerVersion.parse(DatabaseEngine.MYSQL, "MySQL", "5.7.44-log").supported());
        assertEquals("MySQL", ServerVersion.parse(DatabaseEngine.MYSQL, "MySQL", "5.7.44-log").product());
        ServerVersion postgres = ServerVersion.parse(DatabaseEngine.POSTGRESQL, "PostgreSQL", "16.4 (Debian 16.4-1.pgdg120+1)");
        assertEquals("PostgreSQL 16.4", postgres.toString());
        assertTrue(postgres.supported());
        assertFalse(ServerVersion.parse(DatabaseEngine.POSTGRESQL, "PostgreSQL", "11.22").supported());
        assertTrue(ServerVersion.parse(DatabaseEngine.POSTGRESQL, "PostgreSQL", "17beta1").supported());
        assertFalse(ServerVersion.parse(DatabaseEngine.SQLITE, "SQLite", "3.34.1").supported());
        assertTrue(ServerVersion.parse(DatabaseEngine.SQLITE, "SQLite", "3.50.3").supported());
        assertThrows(PorticoException.class, () -> ServerVersion.parse(DatabaseEngine.POSTGRESQL, "PostgreSQL", "devel"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_dry_run_shows_the_target_server_version_and_the_free_space_it_can_or_cannot_see(DatabaseEngine engine)
            throws Exception {
        Path archive = folder.resolve("a.zip");
        try (TestInstance source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("s")))) {
            BackupFixture.setUpWithExtraRows(source, "pv1:0123456789ab:c2VhbGVkIHNlY3JldA");
            assertEquals(0, source.run("backup", "--out", archive.toString()).exitCode());
            try (TestInstance target = new TestInstance(engine, Files.createDirectories(folder.resolve("t")))
                    .with("APP_KEY", source.environment().get("APP_KEY"))) {
                TestInstance.Result text = target.run("restore", archive.toString(), "--dry-run");
                assertEquals(0, text.exitCode(), text.toString());
                assertTrue(text.out().contains("Free space: "), text.toString());
                JsonNode plan = new ObjectMapper().readTree(target.run("restore", archive.toString(), "--dry-run",
                        "--json").out());
                String server = plan.get("target_server").asText();
                assertTrue(server.matches("(SQLite|PostgreSQL|MariaDB|MySQL) \\d+\\.\\d+"), server);
                assertTrue(text.out().contains(server), text.toString());
                String space = plan.get("free_space").toString();
                if (engine == DatabaseEngine.SQLITE) {
                    assertTrue(space.contains("the SQLite database") && space.contains("free"), space);
                } else {
                    assertTrue(space.contains("not visible from here"), space);
                }
            }
        }
    }
}
