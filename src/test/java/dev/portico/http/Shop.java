package dev.portico.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * A shop database for database-service tests, generated on a real engine: customers, products,
 * orders and order_items with foreign keys, unique keys, NOT NULL columns, decimals, booleans,
 * timestamps and unicode text. {@link #reset} puts the same rows back (ids fixed). Closing it drops
 * the database. Used by one test thread at a time.
 */
final class Shop implements AutoCloseable {
    private final TestDatabase database;

    private Shop(TestDatabase database) {
        this.database = database;
    }

    static Shop create(DatabaseEngine engine, Path folder) {
        try {
            java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Shop shop = new Shop(TestDatabase.create(engine, folder));
        try {
            shop.execute(shop.schema());
            shop.reset();
            return shop;
        } catch (RuntimeException | AssertionError e) {
            shop.close();
            throw e;
        }
    }

    DatabaseEngine engine() {
        return database.engine();
    }

    /** The body a sys-admin posts to add service {@code shop} over this database (active). */
    ObjectNode service() {
        ObjectNode service = ApiClient.JSON.createObjectNode().put("name", "shop").put("label", "Shop")
                .put("type", engine().connectionName()).put("is_active", true);
        service.set("config", serviceConfig());
        return service;
    }

    /** Adds service {@code shop} through the system API; returns its id. */
    long register(ApiClient admin) {
        return admin.post("/system/service", service().toString()).expect(201).path("id").asLong();
    }

    /** The {@code config} of a service over this database, as a sys-admin would post it. */
    ObjectNode serviceConfig() {
        ObjectNode config = ApiClient.JSON.createObjectNode();
        Map<String, String> env = database.environment();
        config.put("database", env.get("DB_DATABASE"));
        if (database.engine() != DatabaseEngine.SQLITE) {
            config.put("host", env.get("DB_HOST")).put("port", Integer.parseInt(env.get("DB_PORT")))
                    .put("username", env.get("DB_USERNAME"));
            if (env.containsKey("DB_PASSWORD")) {
                config.put("password", env.get("DB_PASSWORD"));
            }
        }
        return config;
    }

    /** Deletes every row and inserts the known ones again. */
    void reset() {
        execute(List.of("DELETE FROM order_items", "DELETE FROM orders", "DELETE FROM products", "DELETE FROM customers",
                "INSERT INTO customers (id, name, email, country, vip, created_at) VALUES "
                        + "(1, 'Ann', 'ann@example.com', 'US', " + bool(true) + ", '2024-01-01 10:00:00'), "
                        + "(2, 'Bob', 'bob@example.com', 'GB', " + bool(false) + ", '2024-02-01 10:00:00'), "
                        + "(3, 'Zoë 日本', 'zoe@example.jp', 'JP', " + bool(true) + ", '2024-03-01 10:00:00'), "
                        + "(4, 'O''Brien', 'obrien@example.ie', 'IE', " + bool(false) + ", NULL), "
                        + "(5, 'Carla', 'carla@example.com', 'US', " + bool(false) + ", '2024-05-01 10:00:00'), "
                        + "(6, 'Dan', 'dan@example.com', NULL, " + bool(false) + ", '2024-06-01 10:00:00')",
                "INSERT INTO products (id, sku, name, price, stock) VALUES (1, 'SKU-1', 'Widget', 9.99, 10), "
                        + "(2, 'SKU-2', 'Gadget', 24.50, 0), (3, 'SKU-3', 'Café crème', 3.20, 100), (4, 'SKU-4', 'Gizmo', 120.00, 5)",
                "INSERT INTO orders (id, customer_id, status, total) VALUES (1, 1, 'paid', 34.49), (2, 1, 'new', 9.99), "
                        + "(3, 2, 'paid', 120.00), (4, 3, 'shipped', 6.40), (5, 5, 'new', NULL)",
                "INSERT INTO order_items (id, order_id, product_id, quantity) VALUES (1, 1, 1, 1), (2, 1, 2, 1), "
                        + "(3, 2, 1, 1), (4, 3, 4, 1), (5, 4, 3, 2)"));
        if (database.engine() == DatabaseEngine.POSTGRESQL) {
            execute(List.of("SELECT setval('customers_id_seq', 100)", "SELECT setval('products_id_seq', 100)",
                    "SELECT setval('orders_id_seq', 100)", "SELECT setval('order_items_id_seq', 100)"));
        }
    }

    private String bool(boolean value) {
        return database.engine() == DatabaseEngine.POSTGRESQL ? String.valueOf(value) : value ? "1" : "0";
    }

    private List<String> schema() {
        String id = switch (database.engine()) {
            case SQLITE -> "id INTEGER PRIMARY KEY AUTOINCREMENT";
            case POSTGRESQL -> "id SERIAL PRIMARY KEY";
            case MYSQL -> "id INT AUTO_INCREMENT PRIMARY KEY";
        };
        String timestamp = database.engine() == DatabaseEngine.MYSQL ? "DATETIME" : "TIMESTAMP";
        String tail = database.engine() == DatabaseEngine.MYSQL ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" : "";
        return List.of(
                "CREATE TABLE customers (" + id + ", name VARCHAR(100) NOT NULL, email VARCHAR(190) NOT NULL UNIQUE, "
                        + "country CHAR(2), vip BOOLEAN NOT NULL DEFAULT " + bool(false) + ", created_at " + timestamp
                        + " NULL)" + tail,
                "CREATE TABLE products (" + id + ", sku VARCHAR(40) NOT NULL UNIQUE, name VARCHAR(200) NOT NULL, "
                        + "price DECIMAL(10,2) NOT NULL, stock INTEGER NOT NULL DEFAULT 0)" + tail,
                "CREATE TABLE orders (" + id + ", customer_id INTEGER NOT NULL REFERENCES customers (id), "
                        + "status VARCHAR(20) NOT NULL DEFAULT 'new', total DECIMAL(10,2), placed_at " + timestamp + " NULL"
                        + (database.engine() == DatabaseEngine.MYSQL ? ", FOREIGN KEY (customer_id) REFERENCES customers (id)" : "")
                        + ")" + tail,
                "CREATE TABLE order_items (" + id + ", order_id INTEGER NOT NULL REFERENCES orders (id), "
                        + "product_id INTEGER NOT NULL REFERENCES products (id), quantity INTEGER NOT NULL"
                        + (database.engine() == DatabaseEngine.MYSQL ? ", FOREIGN KEY (order_id) REFERENCES orders (id), "
                        + "FOREIGN KEY (product_id) REFERENCES products (id)" : "") + ")" + tail);
    }

    void execute(List<String> statements) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            if (database.engine() == DatabaseEngine.SQLITE) {
                statement.execute("PRAGMA foreign_keys = ON");
            }
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("Preparing the shop database on " + database.engine() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
