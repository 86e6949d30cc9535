package dev.portico.config;

import java.util.Arrays;
import java.util.Optional;

/** The system database engines Portico supports, by their {@code DB_CONNECTION} names. */
public enum DatabaseEngine {
    SQLITE("sqlite", "SQLite", 0),
    POSTGRESQL("pgsql", "PostgreSQL", 5432),
    MYSQL("mysql", "MySQL/MariaDB", 3306);

    private final String connectionName;
    private final String displayName;
    private final int defaultPort;

    DatabaseEngine(String connectionName, String displayName, int defaultPort) {
        this.connectionName = connectionName;
        this.displayName = displayName;
        this.defaultPort = defaultPort;
    }

    public static Optional<DatabaseEngine> byConnectionName(String name) {
        return Arrays.stream(values()).filter(e -> e.connectionName.equalsIgnoreCase(name)).findFirst();
    }

    public String connectionName() {
        return connectionName;
    }

    public String displayName() {
        return displayName;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
