package dev.portico.systemdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The system database of one instance: direct connections for short commands and a lazily built
 * HikariCP pool for the server and migrations. Thread-safe; close it to release the pool.
 */
public final class SystemDatabase implements AutoCloseable {
    private final DatabaseSettings settings;
    private final int poolSize;
    private volatile HikariDataSource pool;

    public SystemDatabase(DatabaseSettings settings, int poolSize) {
        this.settings = settings;
        this.poolSize = poolSize;
    }

    public DatabaseEngine engine() {
        return settings.engine();
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public String describe() {
        return settings.describe();
    }

    /**
     * Opens one connection of its own, outside the pool (locks and session settings need that),
     * creating the SQLite file and its folder when needed.
     */
    public Connection connect() {
        prepareSqliteFolder();
        try {
            // the engine's driver directly: DriverManager would load and register every driver first
            Connection connection = driver().connect(jdbcUrl(), properties());
            if (connection == null) {
                throw new SQLException("the driver did not accept " + jdbcUrl(), "08001");
            }
            return connection;
        } catch (SQLException e) {
            throw ConnectionFailure.explain(settings, e);
        }
    }

    /**
     * A connection from the pool when the pool is running (the server), otherwise a direct one.
     * For reads only: session state set on it would leak into the pool.
     */
    public Connection borrow() {
        // no lock here: every request borrows, and waiting for a free connection must not block the others
        HikariDataSource running = pool;
        if (running == null) {
            return connect();
        }
        try {
            return running.getConnection();
        } catch (SQLException e) {
            throw ConnectionFailure.explain(settings, e);
        }
    }

    /** The shared pool, built on first use. */
    public synchronized DataSource pool() {
        if (pool == null) {
            prepareSqliteFolder();
            HikariConfig config = new HikariConfig();
            config.setPoolName("portico-system");
            config.setJdbcUrl(jdbcUrl());
            config.setDriverClassName(driver().getClass().getName());
            config.setDataSourceProperties(properties());
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(Math.min(2, poolSize));
            config.setConnectionTimeout(10_000);
            config.setInitializationFailTimeout(-1);
            pool = new HikariDataSource(config);
            try (Connection probe = pool.getConnection()) {
                probe.isValid(5);
            } catch (SQLException | HikariPool.PoolInitializationException e) {
                SQLException cause = e instanceof SQLException sql ? sql
                        : new SQLException(e.getMessage(), "08001", e);
                pool.close();
                pool = null;
                throw ConnectionFailure.explain(settings, cause);
            }
        }
        return pool;
    }

    /** Work done with one handle inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(SqlHandle handle) throws SQLException;
    }

    /**
     * Runs read-only {@code work} on one connection in auto-commit mode: no transaction to open and
     * commit, which saves two round trips per request on a server engine.
     */
    public <T> T read(Work<T> work) {
        try (Connection connection = borrow()) {
            return work.run(new SqlHandle(connection, timestamps()));
        } catch (SQLException e) {
            throw ConstraintViolation.explain(e).orElseGet(() -> new PorticoException(ErrorCode.FAILED,
                    "A query failed on the " + describe() + ": " + ConnectionFailure.scrub(settings, e.getMessage()), e));
        }
    }

    /**
     * Runs {@code work} in one transaction on a connection of its own: committed when it returns,
     * rolled back when it throws (a {@link PorticoException} from the work is passed on as it is).
     */
    public <T> T transaction(Work<T> work) {
        try (Connection connection = borrow()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(new SqlHandle(connection, timestamps()));
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw ConstraintViolation.explain(e).orElseGet(() -> new PorticoException(ErrorCode.FAILED,
                    "A statement failed on the " + describe() + " and was rolled back: "
                    + ConnectionFailure.scrub(settings, e.getMessage()), e));
        }
    }

    public UtcTimestamps timestamps() {
        return new UtcTimestamps(settings.engine());
    }

    private Driver driver() {
        return switch (settings.engine()) {
            case SQLITE -> new org.sqlite.JDBC();
            case POSTGRESQL -> new org.postgresql.Driver();
            case MYSQL -> new org.mariadb.jdbc.Driver();
        };
    }

    String jdbcUrl() {
        return switch (settings.engine()) {
            case SQLITE -> "jdbc:sqlite:" + settings.sqliteFile();
            case POSTGRESQL -> "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database();
            case MYSQL -> "jdbc:mariadb://" + settings.host() + ":" + settings.port() + "/" + settings.database();
        };
    }

    private Properties properties() {
        Properties properties = new Properties();
        switch (settings.engine()) {
            case SQLITE -> {
                properties.setProperty("journal_mode", "WAL");
                properties.setProperty("foreign_keys", "true");
                properties.setProperty("busy_timeout", "30000");
                properties.setProperty("synchronous", "NORMAL");
            }
            case POSTGRESQL -> {
                credentials(properties);
                properties.setProperty("connectTimeout", "5");
                properties.setProperty("ApplicationName", "portico");
                // a batch of INSERTs goes as multi-row INSERTs: a restore loads several times faster
                properties.setProperty("reWriteBatchedInserts", "true");
            }
            case MYSQL -> {
                credentials(properties);
                properties.setProperty("connectTimeout", "5000");
                properties.setProperty("sessionVariables", "sql_mode='STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                        + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',time_zone='+00:00'");
            }
        }
        return properties;
    }

    private void credentials(Properties properties) {
        properties.setProperty("user", settings.username());
        if (settings.password() != null) {
            properties.setProperty("password", settings.password().value());
        }
    }

    private void prepareSqliteFolder() {
        if (settings.engine() != DatabaseEngine.SQLITE) {
            return;
        }
        Path folder = settings.sqliteFile().toAbsolutePath().getParent();
        for (Path step = folder; step != null; step = step.getParent()) {
            if (Files.exists(step) && !Files.isDirectory(step)) {
                throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot put the SQLite system database in " + folder
                        + ": " + step + " exists and is not a folder. Move that file away, or set DB_DATABASE to "
                        + "another path.");
            }
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot create the folder " + folder
                    + " for the SQLite system database (" + e.getClass().getSimpleName()
                    + "). Make it writable by this user, or set DB_DATABASE to a writable path.", e);
        }
        if (!Files.isWritable(folder)) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "The folder " + folder
                    + " is not writable by this user, so the SQLite system database cannot be written. "
                    + "Fix its permissions (chown/chmod), or set DB_DATABASE to a writable path.");
        }
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
