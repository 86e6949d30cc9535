package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.PorticoConfig;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
    private static final String DB_PASSWORD = "db-Pw-7hQx2LmN9v";

    @TempDir
    Path home;

    private static String row(String out, String key) {
        Matcher row = Pattern.compile("(?m)^" + key + "\\s+(.*?)\\s+(\\w+)$").matcher(out);
        assertTrue(row.find(), key + " missing from:\n" + out);
        return row.group(1) + " | " + row.group(2);
    }

    @Test
    void config_show_masks_secrets_and_names_where_each_value_came_from() throws IOException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            Files.write(home.resolve(".env"), List.of("APP_ENV=local", "DB_PASSWORD=" + DB_PASSWORD));
            TestInstance.Result show = instance.run("config:show");
            assertEquals(0, show.exitCode(), show.toString());
            assertEquals("********** | environment", row(show.out(), "APP_KEY"));
            assertEquals("********** | dotenv", row(show.out(), "DB_PASSWORD"));
            assertEquals("local | dotenv", row(show.out(), "APP_ENV"));
            assertEquals("8080 | default", row(show.out(), "PORTICO_HTTP_PORT"));
            assertEquals("sqlite | environment", row(show.out(), "DB_CONNECTION"));
            String key = instance.environment().get("APP_KEY");
            for (String secret : List.of(key, key.substring("base64:".length(), 20), DB_PASSWORD)) {
                assertFalse(show.out().contains(secret) || show.err().contains(secret), "a secret was printed:\n" + show);
            }
        }
    }

    @Test
    void config_show_json_parses_and_masks_secrets() throws IOException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            instance.with("DB_PASSWORD", DB_PASSWORD).with("APP_ENV", "testing");
            TestInstance.Result show = instance.run("config:show", "--json");
            assertEquals(0, show.exitCode(), show.toString());
            JsonNode json = new ObjectMapper().readTree(show.out());
            assertEquals("**********", json.at("/APP_KEY/value").asText());
            assertEquals("environment", json.at("/APP_KEY/source").asText());
            assertEquals("**********", json.at("/DB_PASSWORD/value").asText());
            assertEquals("testing", json.at("/APP_ENV/value").asText());
            assertEquals("default", json.at("/CACHE_DRIVER/source").asText());
            assertEquals("", json.at("/REDIS_PASSWORD/value").asText(), "an unset secret shows as empty");
            assertFalse(show.out().contains(instance.environment().get("APP_KEY")), show.toString());
            assertFalse(show.out().contains(DB_PASSWORD), show.toString());
        }
    }

    @Test
    void config_cache_writes_a_private_snapshot_that_is_used_until_config_clear_removes_it() throws IOException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            Files.write(home.resolve(".env"), List.of("APP_ENV=local", "APP_LOG_LEVEL=debug"));
            Path snapshot = PorticoConfig.cacheFile(home);

            TestInstance.Result cache = instance.run("config:cache");
            assertEquals(0, cache.exitCode(), cache.toString());
            assertTrue(Files.isRegularFile(snapshot), cache.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot)));
            assertTrue(cache.out().contains("(2 key(s))"), cache.toString());
            String written = Files.readString(snapshot);
            assertTrue(written.contains("APP_ENV=local"), written);
            assertFalse(written.contains(instance.environment().get("APP_KEY")),
                    "values from the environment are not copied into the snapshot");
            assertEquals("local | cache", row(instance.run("config:show").out(), "APP_ENV"));

            TestInstance.Result clear = instance.run("config:clear");
            assertEquals(0, clear.exitCode(), clear.toString());
            assertTrue(clear.out().contains("Configuration cache removed"), clear.toString());
            assertFalse(Files.exists(snapshot));
            assertEquals("local | dotenv", row(instance.run("config:show").out(), "APP_ENV"));

            TestInstance.Result again = instance.run("config:clear");
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.out().contains("No configuration cache to remove."), again.toString());
        }
    }

    @Test
    void a_malformed_dotenv_line_fails_with_its_line_number_and_writes_nothing() throws IOException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            String secret = "Leaky-Secret-Value-91xQ";
            Files.write(home.resolve(".env"), List.of("APP_ENV=local", "# ok", "DB_PASSWORD='" + secret));
            for (String command : List.of("config:show", "config:cache")) {
                TestInstance.Result result = instance.run(command);
                assertEquals(1, result.exitCode(), result.toString());
                assertTrue(result.err().contains("line 3"), result.toString());
                assertFalse(result.err().contains(secret) || result.out().contains(secret), result.toString());
            }
            assertFalse(Files.exists(PorticoConfig.cacheFile(home)), "config:cache must not write a snapshot");
            assertFalse(Files.exists(home.resolve("storage")), "nothing is written under storage/");
        }
    }
}
