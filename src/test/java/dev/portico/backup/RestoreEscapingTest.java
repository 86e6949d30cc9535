package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portico.App;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text that a bulk load format could confuse (COPY's tabs, newlines, backslashes and {@code \N} on
 * PostgreSQL; quotes and escapes elsewhere) comes back from a restore byte for byte, and an empty string,
 * the text {@code \N}, the text NULL and NULL stay four different things.
 */
class RestoreEscapingTest {
    static final Map<String, String> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("null", null);
        VALUES.put("empty", "");
        VALUES.put("backslash_n", "\\N");
        VALUES.put("word_null", "NULL");
        VALUES.put("tab", "a\tb");
        VALUES.put("newlines", "line 1\nline 2\r\nline 3\r");
        VALUES.put("backslashes", "C:\\path\\to\\ \\\\ end\\");
        VALUES.put("escapes", "\\t \\n \\r \\\\N \\x41 \\101 \\.");
        VALUES.put("end_of_data", "\\.\n\\.");
        VALUES.put("quotes", "'single' \"double\" `back` ,;|");
        VALUES.put("unicode", "Zoë 漢字 🚀 \u00a0 \u2028 \u200d");
        VALUES.put("spaces", "  leading and trailing  ");
        VALUES.put("control", "\u0001\u0008\u000b\u000c\u001b\u007f");
    }

    @TempDir
    Path folder;

    @ParameterizedTest(name = "SQLite -> {0}")
    @EnumSource(DatabaseEngine.class)
    void every_awkward_text_value_is_restored_byte_for_byte(DatabaseEngine to) throws Exception {
        Path archive = folder.resolve("source.zip");
        Path again = folder.resolve("again.zip");
        try (TestInstance source = new TestInstance(DatabaseEngine.SQLITE, Files.createDirectories(folder.resolve("source")))) {
            TestInstance.Result setup = source.run("migrate", "--seed");
            assertEquals(0, setup.exitCode(), setup.toString());
            try (App app = new App(source.home(), source.environment())) {
                Instant at = Instant.parse("2024-02-29T23:59:59.000001Z");
                app.database().transaction(handle -> {
                    for (Map.Entry<String, String> value : VALUES.entrySet()) {
                        handle.insert("INSERT INTO setting (name, value, created_at, updated_at) VALUES (?, ?, ?, ?)",
                                "escaping_" + value.getKey(), value.getValue(), at, at);
                    }
                    // a tab and a backslash in a user's name, a newline in an email template's name
                    handle.insert("INSERT INTO user_account (name, email, is_sys_admin, is_active, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)", "tab\there \\ too", "tab@example.com", false, true, at, at);
                    return null;
                });
            }
            TestInstance.Result backup = source.run("backup", "--out", archive.toString());
            assertEquals(0, backup.exitCode(), backup.toString());
            try (TestInstance target = new TestInstance(to, Files.createDirectories(folder.resolve("target")))
                    .with("APP_KEY", source.environment().get("APP_KEY"))) {
                TestInstance.Result restore = target.run("restore", archive.toString());
                assertEquals(0, restore.exitCode(), restore.toString());
                for (Map.Entry<String, String> value : VALUES.entrySet()) {
                    String sql = "SELECT value FROM setting WHERE name = 'escaping_" + value.getKey() + "'";
                    assertEquals(value.getValue(), RestoreFixture.single(target, sql), value.getKey());
                    String isNull = "SELECT CASE WHEN value IS NULL THEN 'null' ELSE 'text' END FROM setting WHERE name = 'escaping_"
                            + value.getKey() + "'";
                    assertEquals(value.getValue() == null ? "null" : "text", RestoreFixture.single(target, isNull), value.getKey());
                }
                assertEquals("tab\there \\ too",
                        RestoreFixture.single(target, "SELECT name FROM user_account WHERE email = 'tab@example.com'"));
                TestInstance.Result second = target.run("backup", "--out", again.toString());
                assertEquals(0, second.exitCode(), second.toString());
                assertEquals(RestoreFixture.hashes(archive), RestoreFixture.hashes(again));
            }
        }
    }
}
