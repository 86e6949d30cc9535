package dev.portico.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
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
    private final String host;
    private final int port;
    private final String database;
    private final String username;
    private final String password;

    private SqlServiceConnection(String type, String host, int port, String database, String username, String password) {
        this.type = type;
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

    /** Opens a connection, giving up after {@code timeout} when the server does not answer. */
    public Connection open(Duration timeout) throws SQLException {
        Properties properties = new Properties();
        long seconds = Math.max(1, timeout.toSeconds());
        Driver driver;
        String url;
        switch (type) {
            case "sqlite" -> {
                if (!Files.isRegularFile(Path.of(database))) {
                    // the driver would create an empty file rather than fail
                    throw new SQLException("there is no SQLite database file at " + database, "08001");
                }
                driver = new org.sqlite.JDBC();
                url = "jdbc:sqlite:" + database;
            }
            case "pgsql" -> {
                driver = new org.postgresql.Driver();
                url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
                properties.setProperty("connectTimeout", String.valueOf(seconds));
                properties.setProperty("loginTimeout", String.valueOf(seconds));
                properties.setProperty("socketTimeout", String.valueOf(seconds * 6));
                properties.setProperty("ApplicationName", "portico");
            }
            default -> {
                driver = new org.mariadb.jdbc.Driver();
                url = "jdbc:mariadb://" + host + ":" + port + "/" + database;
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
        try {
            Connection connection = driver.connect(url, properties);
            if (connection == null) {
                throw new SQLException("the driver did not accept " + url, "08001");
            }
            return connection;
        } catch (SQLException e) {
            throw new SQLException(scrub(e.getMessage()), e.getSQLState(), e.getErrorCode());
        }
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
