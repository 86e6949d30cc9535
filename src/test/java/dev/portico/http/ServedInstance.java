package dev.portico.http;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A new instance served over HTTP through the real CLI, with a first sys-admin whose e-mail and
 * password the test knows, and clients for it. Closing it stops the server and drops the database.
 * Used by one test thread at a time.
 */
final class ServedInstance implements AutoCloseable {
    static final String ADMIN_EMAIL = "admin@example.com";
    static final String ADMIN_PASSWORD = "correct-horse-battery-staple";

    private final TestInstance instance;
    private final RunningServer server;

    private ServedInstance(TestInstance instance, RunningServer server) {
        this.instance = instance;
        this.server = server;
    }

    static ServedInstance start(DatabaseEngine engine, Path home) {
        TestInstance instance = new TestInstance(engine, home)
                .with("ADMIN_EMAIL", ADMIN_EMAIL).with("ADMIN_PASSWORD", ADMIN_PASSWORD);
        try {
            return new ServedInstance(instance, RunningServer.start(instance));
        } catch (RuntimeException | AssertionError e) {
            instance.close();
            throw e;
        }
    }

    TestInstance instance() {
        return instance;
    }

    /** The port the server listens on, for clients other than {@link ApiClient}. */
    int port() {
        return server.port();
    }

    /** A client with no credentials at all. */
    ApiClient anonymous() {
        return new ApiClient(server.port());
    }

    /** Another {@code serve} of the same instance (same database and APP_KEY); the caller closes it. */
    RunningServer startAnotherServer() {
        return RunningServer.start(instance);
    }

    /** A client logged in as the first sys-admin. */
    ApiClient admin() {
        return anonymous().withToken(login(anonymous(), "/system/admin/session", ADMIN_EMAIL, ADMIN_PASSWORD));
    }

    /** Logs in through {@code path} and returns the session token. */
    static String login(ApiClient client, String path, String email, String password) {
        return client.post(path, ApiClient.json("{'email':'" + email + "','password':'" + password + "'}"))
                .expect(200).path("session_token").asText();
    }

    /** The API key of the seeded app called {@code name}. */
    static String apiKeyOf(ApiClient admin, String name) {
        return admin.get("/system/app", "filter", "name='" + name + "'", "fields", "api_key")
                .expect(200).path("resource").path(0).path("api_key").asText();
    }

    /** The id of the record of {@code resource} called {@code name}. */
    static long idOf(ApiClient admin, String resource, String name) {
        return admin.get("/system/" + resource, "filter", "name='" + name + "'").expect(200)
                .path("resource").path(0).path("id").asLong();
    }

    /** One text column of one row, read straight from the system database. */
    String column(String table, String column, long id) throws SQLException {
        try (Connection connection = instance.database().connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + column + " FROM " + table + " WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no row " + id + " in " + table);
                }
                return rows.getString(1);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            instance.close();
        }
    }
}
