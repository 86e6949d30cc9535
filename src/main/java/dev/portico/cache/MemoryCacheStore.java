package dev.portico.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** An in-process cache: nothing survives a restart, and only the process that holds it can clear it. */
final class MemoryCacheStore implements CacheStore {
    private final ConcurrentMap<String, Object> entries = new ConcurrentHashMap<>();

    @Override
    public String describe() {
        return "memory cache (lives in the server process; a restart empties it)";
    }

    @Override
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    @Override
    public void put(String key, String value) {
        entries.put(key, value);
    }

    @Override
    public String ping() {
        return "memory cache: lives in the server process, nothing to reach";
    }

    @Override
    public long clear() {
        int size = entries.size();
        entries.clear();
        return size;
    }
}
