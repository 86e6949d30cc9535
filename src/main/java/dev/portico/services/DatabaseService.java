package dev.portico.services;

import com.zaxxer.hikari.HikariDataSource;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@code sqlite}, {@code pgsql} or {@code mysql} service as the API uses it: a bounded connection
 * pool opened on first use, and its tables' metadata, read once and kept until refreshed. Built by
 * {@link DatabaseServices}, which closes it when the service changes. Thread-safe.
 */
public final class DatabaseService implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final SqlServiceConnection target;
    private final int poolSize;
    private final int maxRecords;
    private final String fingerprint;
    private volatile HikariDataSource pool;
    private volatile Map<String, Boolean> tables;
    private final ConcurrentMap<String, TableSchema> schemas = new ConcurrentHashMap<>();
    private final ReentrantLock pairs = new ReentrantLock(true);
    private volatile boolean closed;

    DatabaseService(String name, SqlServiceConnection target, int poolSize, int maxRecords, String fingerprint) {
        this.name = name;
        this.target = target;
        this.poolSize = poolSize;
        this.maxRecords = maxRecords;
        this.fingerprint = fingerprint;
    }

    public String name() {
        return name;
    }

    public DatabaseEngine engine() {
        return target.engine();
    }

    /** The most records one read returns ({@code max_records} of the service, else the instance default). */
    public int maxRecords() {
        return maxRecords;
    }

    String fingerprint() {
        return fingerprint;
    }

    /** A connection from the service's pool; the caller closes it. 503 when the database cannot be reached. */
    public Connection connect() {
        try {
            return pool().getConnection();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Two connections from the pool, for a page whose rows stream on one while other statements run
     * on the other; one when {@code pool_size} is 1. Pairs are taken by one request at a time: only
     * that request waits for a second connection while holding one, so two requests cannot each hold
     * one and wait for the other's. The caller closes them.
     */
    public List<Connection> connectPair() {
        if (poolSize < 2) {
            return List.of(connect());
        }
        try {
            if (!pairs.tryLock(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw unavailable(new SQLException("no two connections could be taken within "
                        + CONNECT_TIMEOUT.toMillis() + " ms (pool_size " + poolSize + ")", "08001"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(new SQLException("interrupted while waiting for two connections", "08001", e));
        }
        try {
            Connection first = connect();
            try {
                return List.of(first, connect());
            } catch (RuntimeException e) {
                try {
                    first.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        } finally {
            pairs.unlock();
        }
    }

    /** The 503 for a connection that failed or broke: the log learns where and why, the client which service. */
    public PorticoException unavailable(SQLException e) {
        Throwable cause = e.getCause() instanceof SQLException driver ? driver : e;
        return new ServiceUnavailable(name, "Service '" + name + "' cannot reach its database ("
                + target.describe() + "): " + scrub(String.valueOf(cause.getMessage())), e);
    }

    /** A driver message without the service's password, in case a driver ever echoes it. */
    public String scrub(String message) {
        return target.scrub(message);
    }

    private HikariDataSource pool() throws SQLException {
        HikariDataSource open = pool;
        if (open != null && !closed) {
            return open; // the common case takes no lock: 16 concurrent requests would queue on it
        }
        return openPool();
    }

    private synchronized HikariDataSource openPool() throws SQLException {
        if (closed) {
            throw new SQLException("the service was changed or deleted while this request ran", "08003");
        }
        if (pool == null) {
            pool = target.pool(name, poolSize, CONNECT_TIMEOUT);
        }
        return pool;
    }

    /** Every table and view, in the database's spelling, sorted; true for a view. */
    public Map<String, Boolean> tables() {
        Map<String, Boolean> known = tables;
        if (known == null) {
            known = withMetadata(MetadataReader::tables);
            tables = known;
        }
        return known;
    }

    /**
     * The schema of a table the client names, in the database's exact spelling (access rules name
     * tables that way, so a differently cased name must not reach the same table); 404 when the
     * database has no such table.
     */
    public TableSchema table(String table) {
        if (!tables().containsKey(table)) {
            throw new PorticoException(ErrorCode.NOT_FOUND, "Table '" + shorten(table) + "' does not exist in the "
                    + "database of service '" + name + "'.");
        }
        TableSchema schema = schemas.get(table);
        if (schema == null) {
            boolean view = tables().get(table);
            schema = withMetadata(reader -> reader.table(table, view));
            schemas.put(table, schema);
        }
        return schema;
    }

    /** Forgets the cached metadata, so the next call reads the database's tables again. */
    public void refresh() {
        tables = null;
        schemas.clear();
    }

    @FunctionalInterface
    private interface MetadataWork<T> {
        T read(MetadataReader reader) throws SQLException;
    }

    private <T> T withMetadata(MetadataWork<T> work) {
        try (Connection connection = connect()) {
            return work.read(new MetadataReader(connection, engine()));
        } catch (SQLException e) {
            throw new ServiceUnavailable(name, "Reading the tables of service '" + name + "' (" + target.describe()
                    + ") failed: " + target.scrub(String.valueOf(e.getMessage())), e);
        }
    }

    static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
        }
        refresh();
    }
}
