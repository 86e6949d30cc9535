package dev.portico.http;

import dev.portico.PorticoException;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.lifecycle.MaintenanceMode;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SystemDatabase;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Liveness (the process answers) and readiness (database reachable, schema current, key right).
 * Maintenance mode is reported but does not make the node unready: it is the same on every node.
 */
final class HealthResource {
    private final SystemDatabase database;
    private final Lifecycle lifecycle;
    private final Supplier<MaintenanceMode.State> maintenance;

    HealthResource(SystemDatabase database, Lifecycle lifecycle, Supplier<MaintenanceMode.State> maintenance) {
        this.database = database;
        this.lifecycle = lifecycle;
        this.maintenance = maintenance;
    }

    void live(Context ctx) {
        ctx.json(Map.of("status", "ok"));
    }

    void ready(Context ctx) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ready = true;
        long started = System.nanoTime();
        try (Connection connection = database.pool().getConnection()) {
            boolean valid = connection.isValid(2);
            checks.put("database", valid ? "ok" : "not reachable");
            ready = valid;
        } catch (SQLException | PorticoException e) {
            checks.put("database", "not reachable");
            ready = false;
        }
        checks.put("database_ms", (System.nanoTime() - started) / 1_000_000);
        if (ready) {
            try {
                SchemaState state = lifecycle.check();
                boolean current = state.initialized() && state.pending().isEmpty();
                checks.put("schema", current ? "ok" : state.pending().size() + " pending migration(s)");
                checks.put("schema_version", state.current());
                checks.put("key", "ok");
                ready = current;
                if (current) {
                    MaintenanceMode.State down = maintenance.get();
                    checks.put("maintenance", down.down() ? "down since " + down.since().orElseThrow() : "up");
                }
            } catch (PorticoException e) {
                checks.put("schema_or_key", e.getMessage());
                ready = false;
            }
        }
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "not ready", "checks", checks));
    }
}
