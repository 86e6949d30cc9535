package dev.portico.config;

/** Where Portico keeps its caches: in process, in files under storage, or in Redis. */
public enum CacheDriver {
    MEMORY, FILE, REDIS
}
