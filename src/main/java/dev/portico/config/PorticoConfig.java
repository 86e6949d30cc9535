package dev.portico.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration of one Portico instance: loaded once, validated as a whole, immutable.
 * {@code appKey} is empty only when no key has been generated yet.
 */
public record PorticoConfig(Path home, Optional<Secret> appKey, String appEnv, boolean debug, String appUrl,
                            String logLevel, DatabaseSettings database, CacheSettings cache, HttpSettings http,
                            boolean autoMigrate, Duration lockTimeout, Optional<String> adminEmail,
                            Optional<Secret> adminPassword, List<ConfigValue> resolved) {
    public PorticoConfig {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(http, "http");
        resolved = List.copyOf(resolved);
    }

    /** The resolved text of a key (for settings read by one feature only), or null when unset. */
    public String value(ConfigKey key) {
        return resolved.stream().filter(v -> v.key() == key).map(ConfigValue::value).findFirst().orElse(null);
    }

    /** The instance's .env file. */
    public Path envFile() {
        return home.resolve(".env");
    }

    /** The instance's storage folder (databases, logs, cache, backups). */
    public Path storage() {
        return home.resolve("storage");
    }

    /** Where the resolved snapshot written by {@code config:cache} lives. */
    public static Path cacheFile(Path home) {
        return home.resolve("storage").resolve("cache").resolve("config.env");
    }
}
