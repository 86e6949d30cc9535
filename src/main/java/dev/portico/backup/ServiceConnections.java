package dev.portico.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.PorticoException;
import dev.portico.crypto.SecretBox;
import dev.portico.services.SqlServiceConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections check: every active database service ({@code sqlite}, {@code pgsql}, {@code mysql})
 * gets a connection attempt with a short timeout, its password opened with APP_KEY and never shown;
 * one row per service. Other services are listed as not checked. Not thread-safe.
 */
final class ServiceConnections {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox box;
    private final Path home;

    ServiceConnections(SecretBox box, Path home) {
        this.box = box;
        this.home = home;
    }

    List<Check> check(Connection systemDatabase) throws SQLException {
        List<Check> checks = new ArrayList<>();
        List<String> others = new ArrayList<>();
        try (Statement statement = systemDatabase.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, type, is_active, config FROM service ORDER BY id")) {
            while (rows.next()) {
                String name = rows.getString(1);
                String type = rows.getString(2);
                if (!SqlServiceConnection.TYPES.contains(type)) {
                    others.add(name + " (" + type + ")");
                } else if (!rows.getBoolean(3)) {
                    checks.add(Check.skipped("connection " + name, type + " service is inactive"));
                } else {
                    checks.add(probe(name, type, rows.getString(4)));
                }
            }
        }
        if (!others.isEmpty()) {
            checks.add(Check.skipped("connections (other services)", "not database services, not checked: "
                    + String.join(", ", others)));
        }
        return checks;
    }

    private Check probe(String name, String type, String config) {
        String check = "connection " + name;
        SqlServiceConnection connection;
        try {
            JsonNode members = config == null ? null : JSON.readTree(config);
            connection = SqlServiceConnection.fromConfig(name, type, members,
                    value -> SecretBox.isSealed(value) ? box.open(value) : value, home);
        } catch (IOException e) {
            return Check.failed(check, "the config is not JSON: fix it through /api/v2/system/service");
        } catch (PorticoException e) {
            return Check.failed(check, e.getMessage());
        }
        long started = System.nanoTime();
        try (Connection opened = connection.open(TIMEOUT)) {
            if (!opened.isValid((int) TIMEOUT.toSeconds())) {
                return Check.failed(check, connection.describe() + " accepted the connection but does not answer");
            }
            return Check.ok(check, "reachable in " + (System.nanoTime() - started) / 1_000_000 + " ms ("
                    + connection.describe() + ")");
        } catch (SQLException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return Check.failed(check, "unreachable after " + (System.nanoTime() - started) / 1_000_000 + " ms ("
                    + connection.describe() + "): " + connection.scrub(reason));
        }
    }
}
