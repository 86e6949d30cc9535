package dev.portico.testing;

import dev.portico.config.DatabaseEngine;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A throwaway system database on a real engine: a SQLite file in a temporary folder, or a freshly
 * created database on the PostgreSQL or MariaDB test server, dropped on close. A server that is not
 * running fails the test loudly, saying how to start it.
 */
public final class TestDatabase implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseEngine engine;
    private final String name;
    private final Path sqliteFile;
    private final Server server;

    /** Host, port and login of a test server, from the {@code portico.test.*.url} system properties. */
    public record Server(String host, int port, String user, String password, String adminUrl) {
    }

    private TestDatabase(DatabaseEngine engine, String name, Path sqliteFile, Server server) {
        this.engine = engine;
        this.name = name;
        this.sqliteFile = sqliteFile;
        this.server = server;
    }

    public static TestDatabase create(DatabaseEngine engine, Path folder) {
        if (engine == DatabaseEngine.SQLITE) {
            return new TestDatabase(engine, null, folder.resolve("system.sqlite"), null);
        }
        String name = "portico_t_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
        Server server = server(engine);
        execute(server, "CREATE DATABASE " + name);
        return new TestDatabase(engine, name, null, server);
    }

    public static Server server(DatabaseEngine engine) {
        String property = engine == DatabaseEngine.POSTGRESQL ? "portico.test.pg.url" : "portico.test.mysql.url";
        String fallback = engine == DatabaseEngine.POSTGRESQL
                ? "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres" : "jdbc:mariadb://127.0.0.1:3306/?user=root";
        String url = System.getProperty(property, fallback);
        URI uri = URI.create(url.substring("jdbc:".length()));
        String user = "root";
        String password = "";
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts[0].equals("user")) {
                    user = parts[1];
                } else if (parts[0].equals("password")) {
                    password = parts[1];
                }
            }
        }
        return new Server(uri.getHost(), uri.getPort(), user, password, url);
    }

    public DatabaseEngine engine() {
        return engine;
    }

    public String name() {
        return name;
    }

    public Path sqliteFile() {
        return sqliteFile;
    }

    /** The DB_* settings that point Portico at this database. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_CONNECTION", engine.connectionName());
        if (engine == DatabaseEngine.SQLITE) {
            env.put("DB_DATABASE", sqliteFile.toString());
        } else {
            env.put("DB_HOST", server.host());
            env.put("DB_PORT", String.valueOf(server.port()));
            env.put("DB_DATABASE", name);
            env.put("DB_USERNAME", server.user());
            if (!server.password().isEmpty()) {
                env.put("DB_PASSWORD", server.password());
            }
        }
        return env;
    }

    /** A direct connection to this database, for assertions. */
    public Connection connect() throws SQLException {
        return switch (engine) {
            case SQLITE -> DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
            case POSTGRESQL -> DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port()
                    + "/" + name, server.user(), server.password());
            case MYSQL -> DriverManager.getConnection("jdbc:mariadb://" + server.host() + ":" + server.port()
                    + "/" + name, server.user(), server.password());
        };
    }

    @Override
    public void close() {
        if (server != null) {
            execute(server, engine == DatabaseEngine.POSTGRESQL
                    ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + name);
        }
    }

    private static void execute(Server server, String sql) {
        try (Connection connection = DriverManager.getConnection(server.adminUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("The test database server at " + server.host() + ":" + server.port()
                    + " is not usable (" + e.getMessage() + "). Start it: `bash .ci/run` starts PostgreSQL and "
                    + "MariaDB, or see README.md, Testing.", e);
        }
    }
}
