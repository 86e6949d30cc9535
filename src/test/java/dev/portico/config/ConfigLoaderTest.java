package dev.portico.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.AppKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path home;

    private void dotenv(String... lines) throws IOException {
        Files.write(home.resolve(".env"), List.of(lines));
    }

    private PorticoConfig load(Map<String, String> environment) {
        return new ConfigLoader(environment).load(home);
    }

    private static ConfigValue resolved(PorticoConfig config, ConfigKey key) {
        return config.resolved().stream().filter(v -> v.key() == key).findFirst().orElseThrow();
    }

    private PorticoException problems(Map<String, String> environment) {
        PorticoException error = assertThrows(PorticoException.class, () -> load(environment));
        assertEquals(ErrorCode.CONFIGURATION, error.code(), error.getMessage());
        return error;
    }

    @Test
    void an_empty_home_gets_the_documented_defaults() {
        PorticoConfig config = load(Map.of());
        assertTrue(config.appKey().isEmpty());
        assertEquals("production", config.appEnv());
        assertFalse(config.debug());
        assertEquals("info", config.logLevel());
        assertEquals(DatabaseEngine.SQLITE, config.database().engine());
        assertEquals(home.resolve("storage/databases/portico.sqlite").normalize(), config.database().sqliteFile());
        assertEquals(CacheDriver.FILE, config.cache().driver());
        assertEquals(6379, config.cache().redisPort());
        assertEquals(new HttpSettings("127.0.0.1", 8080,
                HttpSettings.defaultWorkers(Runtime.getRuntime().availableProcessors())), config.http());
        assertEquals(8, HttpSettings.defaultWorkers(1));
        assertEquals(32, HttpSettings.defaultWorkers(8));
        assertFalse(config.autoMigrate());
        assertEquals(ConfigValue.Source.DEFAULT, resolved(config, ConfigKey.APP_ENV).source());
        assertEquals(ConfigKey.values().length, config.resolved().size());
    }

    @Test
    void values_in_dotenv_are_used_and_marked_as_coming_from_it() throws IOException {
        dotenv("APP_ENV=local", "APP_DEBUG=true", "PORTICO_HTTP_PORT=9090", "CACHE_DRIVER=redis", "REDIS_PORT=6380",
                "DB_CONNECTION=pgsql", "DB_DATABASE=portico", "DB_USERNAME=app", "DB_PASSWORD=\"p w#d\"");
        PorticoConfig config = load(Map.of());
        assertEquals("local", config.appEnv());
        assertTrue(config.debug());
        assertEquals(9090, config.http().port());
        assertEquals(CacheDriver.REDIS, config.cache().driver());
        assertEquals(6380, config.cache().redisPort());
        assertEquals(DatabaseEngine.POSTGRESQL, config.database().engine());
        assertEquals(5432, config.database().port());
        assertEquals("p w#d", config.database().password().value());
        assertEquals(ConfigValue.Source.DOTENV, resolved(config, ConfigKey.APP_ENV).source());
    }

    @Test
    void the_environment_wins_over_dotenv() throws IOException {
        dotenv("APP_ENV=local", "PORTICO_HTTP_PORT=9090", "PORTICO_HTTP_WORKERS=3");
        PorticoConfig config = load(Map.of("APP_ENV", "staging", "PORTICO_HTTP_WORKERS", "5"));
        assertEquals("staging", config.appEnv());
        assertEquals(ConfigValue.Source.ENVIRONMENT, resolved(config, ConfigKey.APP_ENV).source());
        assertEquals(9090, config.http().port());
        assertEquals(5, config.http().workers());
    }

    @Test
    void several_invalid_keys_are_reported_together_in_one_exception() throws IOException {
        dotenv("DB_CONNECTION=oracle", "PORTICO_HTTP_PORT=abc", "PORTICO_HTTP_WORKERS=-2");
        String message = problems(Map.of("APP_DEBUG", "maybe", "APP_KEY", "not-a-key")).getMessage();
        for (String key : List.of("DB_CONNECTION", "PORTICO_HTTP_PORT", "PORTICO_HTTP_WORKERS", "APP_DEBUG", "APP_KEY")) {
            assertTrue(message.contains(key + ":"), key + " missing from: " + message);
        }
        assertTrue(message.contains("5 problem(s)"), message);
        assertTrue(message.contains("'oracle'") && message.contains("'abc'") && message.contains("'maybe'"), message);
    }

    @Test
    void sqlsrv_is_refused_with_a_hint_that_it_is_reserved() {
        String message = problems(Map.of("DB_CONNECTION", "sqlsrv")).getMessage();
        assertTrue(message.contains("DB_CONNECTION"), message);
        assertTrue(message.contains("reserved"), message);
    }

    @Test
    void pgsql_without_database_and_username_reports_both() {
        String message = problems(Map.of("DB_CONNECTION", "pgsql")).getMessage();
        assertTrue(message.contains("DB_DATABASE: required when DB_CONNECTION=pgsql"), message);
        assertTrue(message.contains("DB_USERNAME: required when DB_CONNECTION=pgsql"), message);
    }

    @Test
    void an_empty_db_port_falls_back_to_the_engine_default() throws IOException {
        dotenv("DB_CONNECTION=mysql", "DB_DATABASE=portico", "DB_USERNAME=app", "DB_PORT=");
        assertEquals(3306, load(Map.of()).database().port());
    }

    @Test
    void a_malformed_app_key_is_reported_without_quoting_the_key() {
        String wrongLength = "base64:" + java.util.Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
        String notBase64 = "base64:Zz9!!notbase64~~Qq";
        String noPrefix = "Xk3vQ9mTz7LpWc2RhN8bYd5FgJ4sKa6E";
        for (String key : List.of(wrongLength, notBase64, noPrefix)) {
            String message = problems(Map.of("APP_KEY", key)).getMessage();
            assertTrue(message.contains("APP_KEY"), message);
            String body = key.startsWith("base64:") ? key.substring("base64:".length()) : key;
            assertFalse(message.contains(body), "the key text leaked: " + message);
            assertFalse(message.contains(body.substring(0, 8)), "part of the key leaked: " + message);
        }
    }

    @Test
    void a_well_formed_app_key_is_accepted_and_kept_as_a_secret() {
        String key = AppKey.generate().encoded();
        PorticoConfig config = load(Map.of("APP_KEY", key));
        assertEquals(key, config.appKey().orElseThrow().value());
        assertEquals(Secret.MASK, config.appKey().orElseThrow().toString());
        assertEquals(Secret.MASK, resolved(config, ConfigKey.APP_KEY).shown());
    }

    @Test
    void a_config_cache_snapshot_is_used_while_newer_than_dotenv_and_ignored_once_dotenv_is_touched() throws IOException {
        Path dotenv = home.resolve(".env");
        dotenv("APP_ENV=from-dotenv");
        Path snapshot = PorticoConfig.cacheFile(home);
        EnvFileWriter.writeAll(snapshot, "snapshot", Map.of("APP_ENV", "from-cache"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(dotenv, FileTime.from(now.minusSeconds(60)));
        Files.setLastModifiedTime(snapshot, FileTime.from(now));

        PorticoConfig cached = load(Map.of());
        assertEquals("from-cache", cached.appEnv());
        assertEquals(ConfigValue.Source.CACHE, resolved(cached, ConfigKey.APP_ENV).source());
        assertEquals("from-env", load(Map.of("APP_ENV", "from-env")).appEnv(), "the environment still wins");

        Files.setLastModifiedTime(dotenv, FileTime.from(now.plusSeconds(60)));
        PorticoConfig fresh = load(Map.of());
        assertEquals("from-dotenv", fresh.appEnv());
        assertEquals(ConfigValue.Source.DOTENV, resolved(fresh, ConfigKey.APP_ENV).source());
    }
}
