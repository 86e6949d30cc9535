package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database service's pool: at most {@code pool_size} connections (16 by default); a bad size is refused. */
class ServicePoolTest {
    @TempDir
    Path home;

    @Test
    void a_service_holds_at_most_its_pool_size_connections_however_many_requests_come_at_once() throws Exception {
        try (ServedInstance served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("portico"));
             Shop shop = Shop.create(DatabaseEngine.POSTGRESQL, home.resolve("shop"))) {
            ApiClient admin = served.admin();
            ObjectNode service = shop.service();
            service.set("config", shop.serviceConfig().put("pool_size", "3"));
            admin.post("/system/service", service.toString()).expect(201);
            String database = shop.serviceConfig().path("database").asText();

            ExecutorService clients = Executors.newFixedThreadPool(12);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int request = 0; request < 120; request++) {
                    answers.add(clients.submit(() -> admin.get("/shop/_table/orders").expect(200).path("resource").size()));
                }
                for (Future<Integer> answer : answers) {
                    assertEquals(5, answer.get(), "every request is answered, waiting for a connection if it must");
                }
            } finally {
                clients.shutdownNow();
            }
            long open = connections(database);
            assertTrue(open >= 1 && open <= 3, "the service holds " + open + " connections; its pool_size is 3");
        }
    }

    @Test
    void a_pool_size_that_is_not_a_whole_number_from_1_to_1000_is_a_503_whose_log_line_says_why() {
        try (ServedInstance served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("portico"));
             Shop shop = Shop.create(DatabaseEngine.SQLITE, home.resolve("shop"))) {
            ApiClient admin = served.admin();
            ObjectNode service = shop.service();
            service.set("config", shop.serviceConfig().put("pool_size", 0));
            long id = admin.post("/system/service", service.toString()).expect(201).path("id").asLong();
            assertTrue(admin.get("/shop/_table/orders").error(503).contains("Service 'shop'"));
            Path log = home.resolve("portico/storage/logs/portico.log");
            assertTrue(RunningServer.waitFor(() -> read(log).contains("has pool_size '0'; use a whole number from 1 to 1000")),
                    "the log says which member is wrong:\n" + read(log));

            service.set("config", shop.serviceConfig().put("pool_size", "many"));
            admin.patch("/system/service/" + id, service.toString()).expect(200);
            admin.get("/shop/_table/orders").error(503);
            service.set("config", shop.serviceConfig().put("pool_size", 2));
            admin.patch("/system/service/" + id, service.toString()).expect(200);
            assertEquals(5, admin.get("/shop/_table/orders").expect(200).path("resource").size());
        }
    }

    /** Connections to {@code database} that Portico holds, as PostgreSQL counts them. */
    private static long connections(String database) throws SQLException {
        TestDatabase.Server server = TestDatabase.server(DatabaseEngine.POSTGRESQL);
        try (Connection connection = DriverManager.getConnection(server.adminUrl());
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = 'portico'")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
