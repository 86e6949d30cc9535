package dev.portico.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where a SQL database service connects, read from its DreamFactory-style config ({@code host},
 * {@code port}, {@code database}, {@code username}, {@code password}, or a PDO {@code dsn} such as
 * {@code pgsql:host=db;port=5432;dbname=crm}; for {@code sqlite}, {@code database} is a file path),
 * and how to open a JDBC connection to it. The password is opened from its sealed form by the
 * caller's function and appears in no message. Immutable and thread-safe.
 */
public final class SqlServiceConnection {
    /** The service types that are SQL databases. */
    public static final Set<String> TYPES = Set.of("sqlite", "pgsql", "mysql");

    private final String type;
    private final DatabaseEngine engine;
    private final String host;
    private final int port;
    private final String database;
    private final String username;
    private final String password;

    private SqlServiceConnection(String type, String host, int port, String database, String username, String password) {
        this.type = type;
        this.engine = DatabaseEngine.byConnectionName(type).orElseThrow();
        this.host = host;
        this.port = port;
        this.database = database;
        this.username = username;
        this.password = password;
    }

    /**
     * Reads a service's config. {@code open} turns a stored member value into its plain text (opens a
     * sealed secret); {@code home} resolves a relative SQLite path. Throws (exit 1) naming the member
     * that is missing or wrong.
     */
    public static SqlServiceConnection fromConfig(String service, String type, JsonNode config,
                                                  UnaryOperator<String> open, Path home) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("service type " + type + " is not a SQL database");
        }
        if (config == null || !config.isObject()) {
            throw bad(service, "has no config object");
        }
        Map<String, String> values = new HashMap<>();
        config.fields().forEachRemaining(member -> {
            if (member.getValue().isValueNode() && !member.getValue().isNull()) {
                values.put(member.getKey().toLowerCase(Locale.ROOT), member.getValue().asText());
            }
        });
        String dsn = values.get(values.containsKey("dsn") ? "dsn" : "connection_string");
        if (dsn != null) {
            readDsn(service, type, dsn, values);
        }
        String database = values.get("database");
        if (database == null || database.isBlank()) {
            throw bad(service, "names no database (config member 'database' or dbname= in 'dsn')");
        }
        if (type.equals("sqlite")) {
            return new SqlServiceConnection(type, null, 0, home.resolve(database).normalize().toString(), null, null);
        }
        String host = values.getOrDefault("host", "").isBlank() ? "127.0.0.1" : values.get("host");
        int port;
        try {
            port = values.containsKey("port") ? Integer.parseInt(values.get("port").strip())
                    : type.equals("pgsql") ? 5432 : 3306;
        } catch (NumberFormatException e) {
            throw bad(service, "has port '" + values.get("port") + "', which is not a number");
        }
        String password = values.get("password");
        return new SqlServiceConnection(type, host, port, database,
                values.get("username") == null ? null : open.apply(values.get("username")),
                password == null ? null : open.apply(password));
    }

    /** Where it connects, for messages: engine, host, port, database and user; never the password. */
    public String describe() {
        return type.equals("sqlite") ? "sqlite " + database
                : type + " " + host + ":" + port + "/" + database + (username == null ? "" : " as " + username);
    }

    /** The engine of this service: its type names one ({@code sqlite}, {@code pgsql}, {@code mysql}). */
    public DatabaseEngine engine() {
        return engine; // asked for each identifier a statement quotes: looked up once
    }

    /** Opens a connection, giving up after {@code timeout} when the server does not answer. */
    public Connection open(Duration timeout) throws SQLException {
        requireSqliteFile();
        try {
            Connection connection = driver().connect(url(), properties(timeout));
            if (connection == null) {
                throw new SQLException("the driver did not accept " + url(), "08001");
            }
            return connection;
        } catch (SQLException e) {
            throw new SQLException(scrub(e.getMessage()), e.getSQLState(), e.getErrorCode());
        }
    }

    /**
     * A bounded pool over this database: {@code size} connections at most, none opened before the
     * first use, {@code timeout} to get one. The caller closes it.
     */
    public HikariDataSource pool(String name, int size, Duration timeout) throws SQLException {
        requireSqliteFile();
        HikariConfig config = new HikariConfig();
        config.setPoolName("portico-service-" + name);
        config.setJdbcUrl(url());
        config.setDriverClassName(driver().getClass().getName());
        config.setDataSourceProperties(properties(timeout));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private void requireSqliteFile() throws SQLException {
        if (type.equals("sqlite") && !Files.isRegularFile(Path.of(database))) {
            // the driver would create an empty file rather than fail
            throw new SQLException("there is no SQLite database file at " + database, "08001");
        }
    }

    private Driver driver() {
        return switch (type) {
            case "sqlite" -> new org.sqlite.JDBC();
            case "pgsql" -> new org.postgresql.Driver();
            default -> new org.mariadb.jdbc.Driver();
        };
    }

    private String url() {
        return switch (type) {
            case "sqlite" -> "jdbc:sqlite:" + database;
            case "pgsql" -> "jdbc:postgresql://" + host + ":" + port + "/" + database;
            default -> "jdbc:mariadb://" + host + ":" + port + "/" + database;
        };
    }

    private Properties properties(Duration timeout) {
        Properties properties = new Properties();
        long seconds = Math.max(1, timeout.toSeconds());
        switch (type) {
            case "sqlite" -> {
                properties.setProperty("foreign_keys", "true");
                properties.setProperty("busy_timeout", String.valueOf(seconds * 1000));
            }
            case "pgsql" -> {
                properties.setProperty("connectTimeout", String.valueOf(seconds));
                properties.setProperty("loginTimeout", String.valueOf(seconds));
                properties.setProperty("socketTimeout", String.valueOf(seconds * 6));
                properties.setProperty("ApplicationName", "portico");
                // text values go untyped, so the server casts them to the column's type (uuid, json, enums, dates)
                properties.setProperty("stringtype", "unspecified");
                // dates and times come as the server writes them: in binary (which the driver switches to
                // once a connection has run a statement 5 times) a timetz of +02 came back converted to
                // +00, and each result set built a calendar to format them
                properties.setProperty("binaryTransferDisable", "DATE,TIME,TIMETZ,TIMESTAMP,TIMESTAMPTZ");
            }
            default -> {
                properties.setProperty("connectTimeout", String.valueOf(timeout.toMillis()));
                properties.setProperty("socketTimeout", String.valueOf(timeout.toMillis() * 6));
            }
        }
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** Removes the password from a driver message, in case a driver ever echoes it. */
    public String scrub(String message) {
        String text = String.valueOf(message);
        return password == null || password.isEmpty() ? text : text.replace(password, "**********");
    }

    /** A PDO DSN ({@code pgsql:host=h;port=p;dbname=d}, {@code sqlite:/path}) into config members. */
    private static void readDsn(String service, String type, String dsn, Map<String, String> values) {
        int colon = dsn.indexOf(':');
        String driver = colon < 0 ? "" : dsn.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!driver.equals(type)) {
            throw bad(service, "has a dsn for '" + driver + "', but the service type is " + type
                    + " (expected " + type + ":...)");
        }
        String rest = dsn.substring(colon + 1);
        if (type.equals("sqlite")) {
            values.put("database", rest);
            return;
        }
        for (String pair : rest.split(";")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                String name = parts[0].strip().toLowerCase(Locale.ROOT);
                values.put(name.equals("dbname") ? "database" : name.equals("user") ? "username" : name, parts[1].strip());
            }
        }
    }

    private static PorticoException bad(String service, String problem) {
        return new PorticoException(ErrorCode.FAILED, "The config of service '" + service + "' " + problem
                + ". Fix it through /api/v2/system/service.");
    }
}
