package dev.portico.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the system database lives. For SQLite only {@code sqliteFile} matters; for the server
 * engines host, port, database, username and password do.
 */
public record DatabaseSettings(DatabaseEngine engine, String host, int port, String database,
                               String username, Secret password, Path sqliteFile) {
    public DatabaseSettings {
        Objects.requireNonNull(engine, "engine");
        if (engine == DatabaseEngine.SQLITE) {
            Objects.requireNonNull(sqliteFile, "sqliteFile");
        } else {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(database, "database");
        }
    }

    /** Where this database is, for messages: never includes the password. */
    public String describe() {
        return engine == DatabaseEngine.SQLITE
                ? "SQLite database " + sqliteFile
                : engine.displayName() + " database '" + database + "' at " + host + ":" + port;
    }
}
