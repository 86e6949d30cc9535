package dev.portico.config;

import java.util.Objects;

/** The cache driver and, for Redis, where the server is. */
public record CacheSettings(CacheDriver driver, String redisHost, int redisPort, Secret redisPassword) {
    public CacheSettings {
        Objects.requireNonNull(driver, "driver");
    }
}
