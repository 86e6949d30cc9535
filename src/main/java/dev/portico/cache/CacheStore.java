package dev.portico.cache;

import dev.portico.config.CacheSettings;
import java.nio.file.Path;

/** Where Portico keeps cached values; {@code cache:clear} empties it. Implementations are thread-safe. */
public interface CacheStore {
    /** Every key Portico writes starts with this, so a shared Redis keeps other users' keys. */
    String PREFIX = "portico:";

    String describe();

    /** Removes every Portico entry; returns how many were removed. */
    long clear();

    static CacheStore open(CacheSettings settings, Path storage) {
        return switch (settings.driver()) {
            case MEMORY -> new MemoryCacheStore();
            case FILE -> new FileCacheStore(storage.resolve("cache").resolve("data"));
            case REDIS -> new RedisCacheStore(settings);
        };
    }
}
