package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.App;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.SecretBox;
import dev.portico.testing.TestDatabase;
import dev.portico.testing.TestInstance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An instance with something in every table the verification names, and database services that really connect. */
final class VerifyFixture {
    static final String SERVICE_PASSWORD = "crm-service-password-never-printed";
    static final String ADMIN_PASSWORD = "admin-password-never-printed";
    static final String LOOKUP_VALUE = "lookup-value-never-printed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyFixture() {
    }

    /**
     * {@link BackupFixture#setUpWithExtraRows} with real sealed secrets, a sys-admin with a password, its {@code crm} service pointed at the
     * test PostgreSQL server, a MariaDB service given by a PDO dsn, a lookup, a script, a scheduled task, a
     * setting, a CORS rule and a user's app role.
     */
    static void setUp(TestInstance instance) throws Exception {
        SecretBox box = new SecretBox(AppKey.parse(instance.environment().get("APP_KEY")));
        BackupFixture.setUpWithExtraRows(instance, box.seal(SERVICE_PASSWORD));
        ok(instance.with("ADMIN_PASSWORD", ADMIN_PASSWORD).run("admin:create", "--email", "admin@example.com"));
        instance.with("ADMIN_PASSWORD", null);
        TestDatabase.Server pg = TestDatabase.server(DatabaseEngine.POSTGRESQL);
        TestDatabase.Server maria = TestDatabase.server(DatabaseEngine.MYSQL);
        Map<String, Object> crm = new LinkedHashMap<>();
        crm.put("host", pg.host());
        crm.put("port", pg.port());
        crm.put("database", "postgres");
        crm.put("username", pg.user());
        crm.put("password", box.seal(pg.password().isEmpty() ? SERVICE_PASSWORD : pg.password()));
        Map<String, Object> shop = new LinkedHashMap<>();
        shop.put("dsn", "mysql:host=" + maria.host() + ";port=" + maria.port() + ";dbname=mysql");
        shop.put("username", maria.user());
        if (!maria.password().isEmpty()) {
            shop.put("password", box.seal(maria.password()));
        }
        Instant at = Instant.parse("2024-03-01T08:00:00.5Z");
        try (App app = new App(instance.home(), instance.environment())) {
            app.database().transaction(handle -> {
                handle.update("UPDATE service SET config = ? WHERE name = 'crm'", write(crm));
                long shopId = handle.insert("INSERT INTO service (name, label, is_active, type, mutable, deletable, config, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "shop", "Shop", true, "mysql", true,
                        true, write(shop), at, at);
                long role = handle.number("SELECT id FROM role WHERE name = 'long'");
                long app1 = handle.number("SELECT MIN(id) FROM app");
                long zoe = handle.number("SELECT id FROM user_account WHERE email = 'zoe@example.com'");
                handle.update("INSERT INTO lookup (role_id, name, value, private, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", role, "region", box.seal(LOOKUP_VALUE), true, at, at);
                handle.update("INSERT INTO event_script (name, type, content, is_active, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", "db._table.orders.get.pre_process", "nodejs",
                        "event.request.parameters.limit = 10;", true, at, at);
                handle.update("INSERT INTO scheduled_task (name, service_id, verb, verb_mask, frequency, created_at, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "nightly", shopId, "GET", 1, 1440, at, at);
                handle.update("INSERT INTO setting (name, value, created_at, updated_at) VALUES (?, ?, ?, ?)",
                        "theme", "dark", at, at);
                handle.update("INSERT INTO cors_config (path, origin, method, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)", "*", "https://example.com", 31, at, at);
                handle.update("INSERT INTO user_app_role (user_id, app_id, role_id, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)", zoe, app1, role, at, at);
                return null;
            });
        }
    }

    static void execute(TestInstance instance, String... statements) throws Exception {
        try (var connection = instance.database().connect(); var statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static TestInstance.Result ok(TestInstance.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
