package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.App;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Rows that make a backup work for its living, and ways to look inside an archive. */
final class BackupFixture {
    static final String UNICODE_NAME = "Zoë Ångström 漢字 \"quoted\" \\ 🚀";
    static final String LONG_TEXT = "lorem ipsum ".repeat(20_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupFixture() {
    }

    /** Migrates and seeds {@code instance}, then adds users (referencing each other), a long role description and a service with a sealed secret. */
    static void setUpWithExtraRows(TestInstance instance, String sealedSecret) {
        TestInstance.Result setup = instance.run("migrate", "--seed");
        assertEquals(0, setup.exitCode(), setup.toString());
        Instant at = Instant.parse("2024-02-29T12:34:56.123456Z");
        try (App app = new App(instance.home(), instance.environment())) {
            app.database().transaction(handle -> {
                handle.update("INSERT INTO user_account (name, email, first_name, last_name, is_sys_admin, is_active, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        UNICODE_NAME, "zoe@example.com", "Zoë", null, false, true, at, at);
                long two = handle.insert("INSERT INTO user_account (name, email, username, phone, is_sys_admin, is_active, "
                        + "last_login_at, created_by_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        "Admin Two", "two@example.com", "two", "+41 44 000 00 00", true, false, at, 1L, at, at);
                // self references both ways: Admin Two's created_by_id points back, Zoë's updated_by_id forward
                handle.update("UPDATE user_account SET updated_by_id = ? WHERE email = ?", two, "zoe@example.com");
                handle.update("INSERT INTO role (name, description, is_active, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)", "long", LONG_TEXT, true, at, at);
                handle.update("INSERT INTO service (name, label, description, is_active, type, mutable, deletable, "
                        + "config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "crm", "CRM", null,
                        true, "pgsql", true, true, "{\"host\":\"db\",\"password\":\"" + sealedSecret + "\"}", at, at);
                return null;
            });
        }
    }

    static long count(TestInstance instance, String table) throws SQLException {
        try (Connection connection = instance.database().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static JsonNode manifest(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile()); InputStream in = zip.getInputStream(zip.getEntry("manifest.json"))) {
            return JSON.readTree(in);
        }
    }

    static String entry(Path archive, String name) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new AssertionError(archive + " has no entry " + name);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }
}
