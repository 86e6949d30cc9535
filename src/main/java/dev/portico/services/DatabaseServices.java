package dev.portico.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.cache.CacheStore;
import dev.portico.crypto.SecretBox;
import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database services of this instance, by name: each built from its row in the system database
 * on first use (its sealed password opened with APP_KEY), with a pool of its own ({@code pool_size}
 * connections at most, else the instance default). A service's row is read again at most every
 * {@value #RECHECK_SECONDS} seconds (by one request, while the others go on), so a change made on
 * another node is seen within that time and one read; {@link #recheck()} does it at once after a
 * change through this node's API.
 * A service whose row changed or disappeared is closed. Table metadata is dropped by
 * {@code ?refresh=true}, by a change to the service, and by {@code portico cache:clear}: the first
 * service built writes a marker entry to the cache store, and each recheck drops every service's
 * metadata when the marker is gone. Thread-safe.
 */
public final class DatabaseServices implements AutoCloseable {
    static final int RECHECK_SECONDS = 5;
    static final String CACHE_MARKER = "database-services-metadata";
    /** The most connections a service's {@code pool_size} may ask for. */
    static final int MAX_POOL_SIZE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger("portico.services");

    private final SystemDatabase system;
    private final SecretBox secrets;
    private final Path home;
    private final int defaultMaxRecords;
    private final int defaultPoolSize;
    private final CacheStore cache;
    private final ConcurrentMap<String, Entry> open = new ConcurrentHashMap<>();

    /** An open service, when its row was last read, and whether a request is reading it again right now. */
    private record Entry(DatabaseService service, long checkedAt, AtomicBoolean rechecking) {
        Entry(DatabaseService service, long checkedAt) {
            this(service, checkedAt, new AtomicBoolean());
        }
    }

    public DatabaseServices(SystemDatabase system, SecretBox secrets, Path home, int defaultMaxRecords, int defaultPoolSize,
                            CacheStore cache) {
        this.cache = cache;
        this.system = system;
        this.secrets = secrets;
        this.home = home;
        this.defaultMaxRecords = defaultMaxRecords;
        this.defaultPoolSize = defaultPoolSize;
    }

    /** The service called {@code name}: 404 when there is none or it is not a database, 403 when inactive. */
    public DatabaseService find(String name) {
        Entry entry = open.get(name);
        if (entry == null) {
            return reload(name);
        }
        // one request reads the row again when it is due; the others go on with the service meanwhile
        // rather than queue behind that read
        if (System.nanoTime() - entry.checkedAt() < RECHECK_SECONDS * 1_000_000_000L
                || !entry.rechecking().compareAndSet(false, true)) {
            return entry.service();
        }
        try {
            return reload(name);
        } finally {
            entry.rechecking().set(false);
        }
    }

    /** Reads every open service's row again now, closing those that changed or were deleted. */
    public void recheck() {
        for (String name : List.copyOf(open.keySet())) {
            try {
                reload(name);
            } catch (PorticoException gone) {
                // reload has closed and forgotten it; the next request gets the error
            }
        }
    }

    private synchronized DatabaseService reload(String name) {
        followCacheClear();
        Optional<Map<String, Object>> row = system.read(handle -> handle.row(
                "SELECT name, type, is_active, config FROM service WHERE name = ?", name));
        Entry entry = open.get(name);
        String fingerprint = row.map(r -> r.get("type") + "|" + SqlHandle.truthy(r.get("is_active")) + "|"
                + r.get("config")).orElse(null);
        if (entry != null && entry.service().fingerprint().equals(fingerprint)) {
            open.put(name, new Entry(entry.service(), System.nanoTime()));
            return entry.service();
        }
        if (entry != null) {
            open.remove(name);
            entry.service().close();
        }
        Map<String, Object> service = row.orElseThrow(() -> new PorticoException(ErrorCode.NOT_FOUND,
                "Service '" + DatabaseService.shorten(name) + "' not found."));
        String type = String.valueOf(service.get("type"));
        if (!SqlServiceConnection.TYPES.contains(type)) {
            throw new PorticoException(ErrorCode.NOT_FOUND, "Service '" + name + "' is a " + type + " service; _table "
                    + "and _schema are served for database services (sqlite, pgsql, mysql).");
        }
        if (!SqlHandle.truthy(service.get("is_active"))) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "Service '" + name + "' is not active. A sys-admin can "
                    + "activate it through /api/v2/system/service.");
        }
        DatabaseService built = build(name, type, (String) service.get("config"), fingerprint);
        open.put(name, new Entry(built, System.nanoTime()));
        return built;
    }

    /** Drops every service's metadata when {@code cache:clear} removed the marker since the last look. */
    private void followCacheClear() {
        try {
            if (!cache.contains(CACHE_MARKER)) {
                open.values().forEach(entry -> entry.service().refresh());
                cache.put(CACHE_MARKER, Instant.now().toString());
            }
        } catch (PorticoException unreachable) {
            // an unreachable cache store must not take the database services down; metadata stays until it answers
            LOG.warn("Cannot check the {} for cache:clear: {}", cache.describe(), unreachable.getMessage());
        }
    }

    private DatabaseService build(String name, String type, String configText, String fingerprint) {
        try {
            JsonNode config = configText == null ? null : JSON.readTree(configText);
            SqlServiceConnection target = SqlServiceConnection.fromConfig(name, type, config,
                    value -> SecretBox.isSealed(value) ? secrets.open(value) : value, home);
            int maxRecords = config != null && config.path("max_records").canConvertToInt()
                    && config.path("max_records").asInt() > 0 ? config.path("max_records").asInt() : defaultMaxRecords;
            return new DatabaseService(name, target, poolSize(name, config), maxRecords, fingerprint);
        } catch (IOException e) {
            throw new ServiceUnavailable(name, "The config of service '" + name + "' is not JSON. Fix it through "
                    + "/api/v2/system/service.", e);
        } catch (PorticoException e) {
            throw new ServiceUnavailable(name, e.getMessage(), e);
        }
    }

    /** The config's {@code pool_size} (a whole number, or one as text), else the instance default. */
    private int poolSize(String name, JsonNode config) {
        JsonNode value = config == null ? null : config.get("pool_size");
        if (value == null || value.isNull()) {
            return defaultPoolSize;
        }
        String text = value.asText().strip();
        if ((value.isIntegralNumber() || value.isTextual()) && text.matches("\\d{1,4}")
                && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= MAX_POOL_SIZE) {
            return Integer.parseInt(text);
        }
        throw new PorticoException(ErrorCode.FAILED, "The config of service '" + name + "' has pool_size '"
                + DatabaseService.shorten(text) + "'; use a whole number from 1 to " + MAX_POOL_SIZE
                + ". Fix it through /api/v2/system/service.");
    }

    @Override
    public synchronized void close() {
        open.values().forEach(entry -> entry.service().close());
        open.clear();
    }
}
