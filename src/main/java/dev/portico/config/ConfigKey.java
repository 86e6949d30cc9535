package dev.portico.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key Portico reads, with its default and whether it is a secret. The names
 * follow DreamFactory/Laravel where one exists; Portico's own start with {@code PORTICO_}.
 */
public enum ConfigKey {
    APP_KEY(null, true, "instance key: base64: + 32 random bytes; seals stored secrets"),
    APP_ENV("production", false, "environment name (production, local, testing)"),
    APP_DEBUG("false", false, "true adds debug detail to logs (never secrets)"),
    APP_URL("http://127.0.0.1:8080", false, "the public base URL of this instance"),
    APP_LOG_LEVEL("info", false, "log level: trace, debug, info, warn, error"),
    DB_CONNECTION("sqlite", false, "system database engine: sqlite, pgsql or mysql"),
    DB_HOST("127.0.0.1", false, "database server host (pgsql, mysql)"),
    DB_PORT(null, false, "database server port (default 5432 for pgsql, 3306 for mysql)"),
    DB_DATABASE(null, false, "database name; for sqlite a file path (default storage/databases/portico.sqlite)"),
    DB_USERNAME(null, false, "database user (pgsql, mysql)"),
    DB_PASSWORD(null, true, "database password (pgsql, mysql)"),
    CACHE_DRIVER("file", false, "cache store: memory, file or redis"),
    REDIS_HOST("127.0.0.1", false, "Redis host when CACHE_DRIVER=redis"),
    REDIS_PORT("6379", false, "Redis port when CACHE_DRIVER=redis"),
    REDIS_PASSWORD(null, true, "Redis password when CACHE_DRIVER=redis"),
    PORTICO_HTTP_HOST("127.0.0.1", false, "address the HTTP server listens on"),
    PORTICO_HTTP_PORT("8080", false, "port the HTTP server listens on (0 = any free port)"),
    PORTICO_HTTP_WORKERS("0", false, "most requests served at once; others wait in line (0 = 4 per CPU core, at least 8)"),
    PORTICO_AUTO_MIGRATE("false", false, "true lets serve apply pending migrations at start"),
    PORTICO_LOCK_TIMEOUT("120", false, "seconds to wait for another process's migration lock"),
    DF_JWT_TTL("60", false, "minutes a session token is valid (DreamFactory's name)"),
    DF_JWT_REFRESH_TTL("20160", false, "minutes within which a session token can be refreshed (DreamFactory's name)"),
    DF_DB_MAX_RECORDS_RETURNED("1000", false, "most records one read of a database service returns, unless the "
            + "service's config sets max_records (DreamFactory's name)"),
    ADMIN_EMAIL(null, false, "e-mail of the first sys-admin created by setup/serve"),
    ADMIN_PASSWORD(null, true, "password of the first sys-admin (otherwise one is generated and printed once)");

    private final String defaultValue;
    private final boolean secret;
    private final String description;

    ConfigKey(String defaultValue, boolean secret, String description) {
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.description = description;
    }

    public static Optional<ConfigKey> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean secret() {
        return secret;
    }

    public String description() {
        return description;
    }
}
