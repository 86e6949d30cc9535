package dev.portico.auth;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.UtcTimestamps;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and replaces the API keys of apps, the keys clients send as {@code X-DreamFactory-API-Key}. Thread-safe. */
public final class AppKeys {
    private final SystemDatabase database;
    private static final SecureRandom RANDOM = new SecureRandom();

    public AppKeys(SystemDatabase database) {
        this.database = database;
    }

    /** The API key of the app with this name; an unknown name is not found, and the error lists the names there are. */
    public String apiKey(String name) {
        return database.transaction(handle -> {
            Optional<Map<String, Object>> app = handle.row("SELECT api_key FROM app WHERE name = ?", name);
            if (app.isEmpty()) {
                throw notFound(handle, name);
            }
            return (String) app.get().get("api_key");
        });
    }

    /** Gives the app a new random key, which replaces the old one at once; returns the new key. */
    public String regenerate(String name) {
        String key = newKey();
        database.transaction(handle -> {
            if (handle.update("UPDATE app SET api_key = ?, updated_at = ? WHERE name = ?",
                    key, UtcTimestamps.now(), name) == 0) {
                throw notFound(handle, name);
            }
            return null;
        });
        return key;
    }

    private static PorticoException notFound(SqlHandle handle, String name) throws SQLException {
        List<String> names = handle.rows("SELECT name FROM app ORDER BY name").stream()
                .map(row -> String.valueOf(row.get("name"))).toList();
        String known = names.isEmpty() ? "This instance has no apps; `portico db:seed` adds the default ones."
                : "Apps on this instance: " + String.join(", ", names) + ".";
        return new PorticoException(ErrorCode.NOT_FOUND, "No app is named '" + name + "'. " + known);
    }

    /** A new API key: 64 hex characters, the shape DreamFactory clients expect, from a strong random source. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
