package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AppKeyCommandTest {
    private static final String HEX_64 = "[0-9a-f]{64}";

    @TempDir
    Path home;

    private TestInstance setUp(DatabaseEngine engine) {
        TestInstance instance = new TestInstance(engine, home);
        TestInstance.Result setup = instance.run("setup");
        assertEquals(0, setup.exitCode(), setup.toString());
        return instance;
    }

    private static String storedKey(TestInstance instance, String app) throws SQLException {
        try (Connection connection = instance.database().connect();
             PreparedStatement query = connection.prepareStatement("SELECT api_key FROM app WHERE name = ?")) {
            query.setString(1, app);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no app " + app);
                return row.getString(1);
            }
        }
    }

    private String logs() throws IOException {
        Path folder = home.resolve("storage/logs");
        try (Stream<Path> files = Files.list(folder)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(file));
            }
            return text.toString();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void shows_the_seeded_admin_apps_key_as_text_and_as_json(DatabaseEngine engine) throws SQLException, IOException {
        try (TestInstance instance = setUp(engine)) {
            String key = storedKey(instance, "admin");
            assertTrue(key.matches(HEX_64), key);
            TestInstance.Result text = instance.run("app:key", "--name", "admin");
            assertEquals(0, text.exitCode(), text.toString());
            assertTrue(text.out().contains(key), text.toString());
            TestInstance.Result json = instance.run("app:key", "--name", "admin", "--json");
            assertEquals(0, json.exitCode(), json.toString());
            JsonNode body = new ObjectMapper().readTree(json.out());
            assertEquals("admin", body.get("name").asText());
            assertEquals(key, body.get("api_key").asText());
            assertEquals(key, storedKey(instance, "admin"), "showing changes nothing");
        }
    }

    @Test
    void regenerating_without_force_or_a_terminal_is_refused_and_keeps_the_key() throws SQLException {
        try (TestInstance instance = setUp(DatabaseEngine.SQLITE)) {
            String before = storedKey(instance, "admin");
            TestInstance.Result result = instance.run("app:key", "--name", "admin", "--regenerate");
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("--force"), result.toString());
            assertFalse(result.out().contains(before) || result.err().contains(before), "no key printed when refused");
            assertEquals(before, storedKey(instance, "admin"));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void regenerating_with_force_stores_and_prints_a_new_key_and_never_logs_it(DatabaseEngine engine)
            throws SQLException, IOException {
        try (TestInstance instance = setUp(engine)) {
            String before = storedKey(instance, "admin");
            String otherApp = storedKey(instance, "api_docs");
            TestInstance.Result result = instance.run("app:key", "--name", "admin", "--regenerate", "--force");
            assertEquals(0, result.exitCode(), result.toString());
            String after = storedKey(instance, "admin");
            assertTrue(after.matches(HEX_64), after);
            assertNotEquals(before, after);
            assertTrue(result.out().contains(after), result.toString());
            assertEquals(otherApp, storedKey(instance, "api_docs"), "only the named app changes");
            String logs = logs();
            assertTrue(logs.contains("regenerated the API key of app admin"), logs);
            assertFalse(logs.contains(after) || logs.contains(before), "keys never reach the log");
        }
    }

    @Test
    void a_yes_typed_on_a_terminal_regenerates_and_a_no_keeps_the_key() throws SQLException {
        try (TestInstance instance = setUp(DatabaseEngine.SQLITE)) {
            String before = storedKey(instance, "api_docs");
            ScriptedTerminal no = new ScriptedTerminal("no");
            assertEquals(4, instance.run(no, "app:key", "--name", "api_docs", "--regenerate").exitCode());
            assertEquals(before, storedKey(instance, "api_docs"));
            assertTrue(no.prompts.get(0).contains("every client using the old key"), no.prompts.toString());
            TestInstance.Result yes = instance.run(new ScriptedTerminal("yes"), "app:key", "--name", "api_docs", "--regenerate");
            assertEquals(0, yes.exitCode(), yes.toString());
            String after = storedKey(instance, "api_docs");
            assertNotEquals(before, after);
            assertTrue(yes.out().contains(after), yes.toString());
        }
    }

    @Test
    void an_unknown_app_fails_naming_the_apps_that_exist_before_asking_anything() {
        try (TestInstance instance = setUp(DatabaseEngine.SQLITE)) {
            ScriptedTerminal terminal = new ScriptedTerminal("yes");
            TestInstance.Result result = instance.run(terminal, "app:key", "--name", "shop", "--regenerate");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("No app is named 'shop'. Apps on this instance: admin, api_docs."), result.toString());
            assertEquals(List.of(), terminal.prompts);
        }
    }

    @Test
    void an_unmigrated_database_is_refused() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.run("app:key", "--name", "admin");
            assertEquals(4, result.exitCode(), result.toString());
            assertTrue(result.err().contains("portico setup"), result.toString());
        }
    }
}
