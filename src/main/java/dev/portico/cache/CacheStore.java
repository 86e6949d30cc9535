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

    /** Whether an entry exists (a marker that {@link #clear} removes, seen by every process that shares the store). */
    boolean contains(String key);

    /** Writes an entry: a short text value under a key of letters, digits, '-', '_' and '.'. */
    void put(String key, String value);

    /**
     * Checks that the store can be used now (Redis answers PING, the cache folder is writable); returns
     * what was found, or throws an {@code UNAVAILABLE} {@link dev.portico.PorticoException} saying what to fix.
     */
    String ping();

    static CacheStore open(CacheSettings settings, Path storage) {
        return switch (settings.driver()) {
            case MEMORY -> new MemoryCacheStore();
            case FILE -> new FileCacheStore(storage.resolve("cache").resolve("data"));
            case REDIS -> new RedisCacheStore(settings);
        };
    }
}
