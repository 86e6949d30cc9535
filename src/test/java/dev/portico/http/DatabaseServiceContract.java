package dev.portico.http;

import static dev.portico.http.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.config.DatabaseEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code _table} and {@code _schema} API of a database service over a generated shop database
 * (customers, products, orders, order_items with foreign keys) on one engine, through HTTP on a
 * random port, as a DreamFactory client would call it. One server and one shop per engine; the
 * shop's rows are put back before each test. Subclasses name the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseServiceContract {
    Path home;
    ServedInstance served;
    Shop shop;
    ApiClient admin;

    abstract DatabaseEngine engine();

    @BeforeAll
    void start(@TempDir Path folder) {
        home = folder;
        served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("portico"));
        shop = Shop.create(engine(), home.resolve("shop"));
        admin = served.admin();
        shop.register(admin);
    }

    @AfterAll
    void stop() {
        try {
            served.close();
        } finally {
            shop.close();
        }
    }

    @BeforeEach
    void resetRows() {
        shop.reset();
    }

    @Test
    void lists_the_tables_and_answers_404_for_unknown_services_tables_and_records() {
        List<String> tables = new ArrayList<>();
        admin.get("/shop/_table").expect(200).path("resource").forEach(t -> tables.add(t.path("name").asText()));
        assertEquals(List.of("customers", "order_items", "orders", "products"), tables);
        assertEquals("Service 'nowhere' not found.", admin.get("/nowhere/_table/customers").error(404));
        assertTrue(admin.get("/shop/_table/nothing").error(404).contains("Table 'nothing' does not exist"));
        assertEquals("Record with identifier '999' not found.", admin.get("/shop/_table/customers/999").error(404));
        assertTrue(admin.get("/shop/_table/customers/abc").error(400).contains("whole number"));
        assertTrue(admin.get("/api_docs/_table").error(404).contains("database services"));
        assertTrue(admin.get("/system/_table").error(404).contains("database services")); // not a system resource
        assertTrue(admin.get("/system/_schema/user").error(404).contains("database services"));
        admin.get("/shop/_table/orders(x)").error(404);
    }

    @Test
    void pages_with_fields_order_limit_offset_ids_and_counts() {
        JsonNode page = admin.get("/shop/_table/customers", "fields", "id,name", "order", "id", "limit", "2",
                "offset", "1", "include_count", "true").expect(200);
        assertEquals("[{\"id\":2,\"name\":\"Bob\"},{\"id\":3,\"name\":\"Zoë 日本\"}]", page.path("resource").toString());
        assertEquals(6, page.path("meta").path("count").asInt());
        assertEquals("{\"meta\":{\"count\":2}}", admin.get("/shop/_table/customers", "count_only", "true",
                "filter", "country = 'US'").expect(200).toString());
        assertEquals(List.of(5, 1), ids(admin.get("/shop/_table/customers", "ids", "5,1", "order", "id DESC")));
        assertEquals(List.of(6, 5, 4, 3, 2, 1), ids(admin.get("/shop/_table/customers", "order", "id DESC")));
        assertEquals(List.of(4, 2), ids(admin.get("/shop/_table/products", "order", "price DESC, id", "limit", "2")));
        assertTrue(admin.get("/shop/_table/customers", "fields", "id,password").error(400).contains("Invalid field 'password'"));
        assertTrue(admin.get("/shop/_table/customers", "order", "1; DROP TABLE customers").error(400).contains("Invalid order field"));
        assertEquals(6, ids(admin.get("/shop/_table/customers")).size());
        assertTrue(admin.get("/shop/_table/orders", "having", "status = 'new'").error(400).contains("'having'"));
    }

    @Test
    void a_record_by_id_with_its_values_typed() {
        JsonNode zoe = admin.get("/shop/_table/customers/3").expect(200);
        assertEquals("Zoë 日本", zoe.path("name").asText());
        assertTrue(zoe.path("vip").isBoolean() && zoe.path("vip").asBoolean(), zoe.toString());
        assertTrue(zoe.path("id").isIntegralNumber(), zoe.toString());
        assertTrue(zoe.path("created_at").asText().startsWith("2024-03-01"), zoe.toString());
        JsonNode widget = admin.get("/shop/_table/products/1", "fields", "price,stock").expect(200);
        assertEquals(9.99, widget.path("price").asDouble(), 0.0001, widget.toString());
        assertEquals(10, widget.path("stock").asInt());
        assertEquals(List.of("price", "stock"), ApiClient.names(widget));
        assertTrue(admin.get("/shop/_table/orders/5").expect(200).path("total").isNull());
    }

    /**
     * A filter and the ids it must select from the shop's rows, alike on every engine: no case is
     * chosen where the engines' default collations disagree (MariaDB ignores case and accents).
     */
    private static final Object[][] FILTERS = {
        {"customers", "country = 'US'", List.of(1, 5)},
        {"customers", "country != 'US'", List.of(2, 3, 4)},
        {"customers", "vip = true", List.of(1, 3)},
        {"customers", "vip = 0", List.of(2, 4, 5, 6)},
        {"customers", "name LIKE 'C%'", List.of(5)},
        {"customers", "name NOT LIKE '%n%'", List.of(2, 3, 5)},
        {"customers", "name CONTAINS '日本'", List.of(3)},
        {"customers", "name = 'Zoë 日本'", List.of(3)},
        {"customers", "name STARTS WITH 'O''B'", List.of(4)},
        {"customers", "email ENDS WITH '.com'", List.of(1, 2, 5, 6)},
        {"customers", "country IN ('GB', 'JP')", List.of(2, 3)},
        {"customers", "country NOT IN ('US')", List.of(2, 3, 4)},
        {"customers", "country IS NULL", List.of(6)},
        {"customers", "country IS NOT NULL AND vip = false", List.of(2, 4, 5)},
        {"customers", "created_at > '2024-02-15'", List.of(3, 5, 6)},
        {"customers", "created_at IS NULL", List.of(4)},
        {"customers", "(country = 'US') OR (vip = true)", List.of(1, 3, 5)},
        {"customers", "id >= 2 AND id < 4", List.of(2, 3)},
        {"customers", "id GT 4 || id LTE 1", List.of(1, 5, 6)},
        {"customers", "NOT (country = 'US')", List.of(2, 3, 4)},
        {"products", "price > 20", List.of(2, 4)},
        {"products", "price = 3.2", List.of(3)},
        {"products", "stock = 0 OR name CONTAINS 'crème'", List.of(2, 3)},
        {"orders", "total IS NULL", List.of(5)},
        {"orders", "status IN ('paid', 'shipped') AND customer_id != 3", List.of(1, 3)},
    };

    @Test
    void every_filter_operator_selects_the_same_rows() {
        for (Object[] filter : FILTERS) {
            assertEquals(filter[2], ids(admin.get("/shop/_table/" + filter[0], "filter", (String) filter[1])),
                    filter[0] + " with " + filter[1]);
        }
    }

    @Test
    void a_bad_filter_is_a_400_that_names_the_problem_and_changes_nothing() {
        assertEquals("Invalid or unparsable field in filter request: 'nope'",
                admin.get("/shop/_table/customers", "filter", "nope = 1").error(400));
        assertTrue(admin.get("/shop/_table/customers", "filter", "name = 'x'; DROP TABLE customers; --").error(400)
                .startsWith("Invalid or unparsable filter request."));
        assertTrue(admin.get("/shop/_table/customers", "filter", "id = (SELECT 1)").error(400)
                .startsWith("Invalid or unparsable filter request."));
        assertTrue(admin.get("/shop/_table/customers", "filter", "id = 'one'").error(400).contains("'id'"));
        assertEquals(6, ids(admin.get("/shop/_table/customers")).size());
    }

    @Test
    void the_schema_names_fields_keys_and_relations_as_dreamfactory_does() {
        List<String> names = new ArrayList<>();
        admin.get("/shop/_schema").expect(200).path("resource").forEach(t -> names.add(t.path("name").asText()));
        assertEquals(List.of("customers", "order_items", "orders", "products"), names);
        JsonNode orders = admin.get("/shop/_schema/orders").expect(200);
        assertEquals("[\"id\"]", orders.path("primary_key").toString());
        assertEquals("Orders", orders.path("label").asText());
        JsonNode customerId = field(orders, "customer_id");
        assertEquals("reference", customerId.path("type").asText());
        assertEquals("customers", customerId.path("ref_table").asText());
        assertEquals("id", customerId.path("ref_field").asText());
        assertTrue(customerId.path("is_foreign_key").asBoolean());
        assertFalse(customerId.path("allow_null").asBoolean());
        assertEquals("id", field(orders, "id").path("type").asText());
        assertTrue(field(orders, "id").path("auto_increment").asBoolean());
        assertEquals("decimal", field(orders, "total").path("type").asText());
        assertEquals(List.of("customers_by_customer_id:belongs_to", "order_items_by_order_id:has_many",
                "products_by_order_items:many_many"), relations(orders));
        assertEquals(List.of("orders_by_customer_id:has_many"), relations(admin.get("/shop/_schema/customers").expect(200)));
        JsonNode customers = admin.get("/shop/_schema/customers").expect(200);
        assertTrue(field(customers, "email").path("is_unique").asBoolean());
        assertTrue(field(customers, "email").path("required").asBoolean());
        assertFalse(field(customers, "country").path("required").asBoolean());
        assertEquals("boolean", field(customers, "vip").path("type").asText());
        assertTrue(admin.get("/shop/_schema/nothing").error(404).contains("does not exist"));
    }

    @Test
    void refresh_reads_a_table_added_after_the_metadata_was_cached() {
        admin.get("/shop/_table").expect(200);
        shop.execute(List.of("CREATE TABLE late_arrival (id INTEGER PRIMARY KEY, note VARCHAR(20))"));
        try {
            admin.get("/shop/_table/late_arrival").error(404);
            admin.get("/shop/_table/late_arrival", "refresh", "true").expect(200);
        } finally {
            shop.execute(List.of("DROP TABLE late_arrival"));
            admin.get("/shop/_table", "refresh", "true").expect(200);
        }
    }

    @Test
    void creates_one_record_or_a_batch_and_answers_ids_or_whole_records() {
        JsonNode created = admin.post("/shop/_table/customers", body("{'name':'Eve','email':'eve@example.com','vip':true}"))
                .expect(201);
        assertEquals(List.of("id"), ApiClient.names(created));
        JsonNode eve = admin.get("/shop/_table/customers/" + created.path("id").asLong()).expect(200);
        assertEquals("Eve", eve.path("name").asText());
        assertTrue(eve.path("vip").asBoolean());
        JsonNode batch = admin.post("/shop/_table/products?fields=*", body("{'resource':[{'sku':'SKU-9','name':'Ünïcode ✓',"
                + "'price':'12.34'},{'sku':'SKU-10','name':'Plain','price':1,'stock':3}]}")).expect(201);
        assertEquals(2, batch.path("resource").size());
        assertEquals("Ünïcode ✓", batch.path("resource").path(0).path("name").asText());
        assertEquals(12.34, batch.path("resource").path(0).path("price").asDouble(), 0.0001);
        assertEquals(0, batch.path("resource").path(0).path("stock").asInt(), "the column default applies");
        assertEquals(List.of(), ids(admin.get("/shop/_table/products", "filter", "name = 'Ünïcode ✓' AND stock > 0")));
    }

    @Test
    void constraint_violations_name_the_field_and_change_nothing() {
        assertTrue(admin.post("/shop/_table/customers", body("{'name':'Twin','email':'ann@example.com'}")).error(409)
                .contains("'email'"));
        assertTrue(admin.post("/shop/_table/orders", body("{'customer_id':999}")).error(400).contains("customer_id"));
        assertTrue(admin.post("/shop/_table/customers", body("{'email':'x@example.com'}")).error(400)
                .contains("Field 'name' of table 'customers' is required"));
        assertTrue(admin.post("/shop/_table/customers", body("{'name':null,'email':'x@example.com'}")).error(400)
                .contains("'name'"));
        assertTrue(admin.patch("/shop/_table/customers/2", body("{'email':'ann@example.com'}")).error(409).contains("'email'"));
        assertTrue(admin.post("/shop/_table/products", body("{'sku':'S','name':'N','price':'cheap'}")).error(400)
                .contains("'price'"));
        assertTrue(admin.post("/shop/_table/customers", body("{'name':'N','email':'n@example.com','shoe_size':44}"))
                .error(400).contains("Unknown field 'shoe_size'"));
        assertTrue(admin.delete("/shop/_table/customers/1").error(409).contains("still referred to"));
        assertEquals(6, ids(admin.get("/shop/_table/customers")).size());
        assertEquals("ann@example.com", admin.get("/shop/_table/customers/1").expect(200).path("email").asText());
    }

    @Test
    void a_batch_stops_at_the_first_failure_or_rolls_back_or_continues_as_asked() {
        String records = body("{'resource':[{'name':'P','email':'p@example.com'},{'name':'Dup','email':'bob@example.com'},"
                + "{'name':'Q','email':'q@example.com'}]}");
        JsonNode rolledBack = admin.post("/shop/_table/customers?rollback=true", records).batchError("[1]");
        assertEquals(409, rolledBack.path("resource").path(1).path("error").path("code").asInt(), rolledBack.toString());
        assertEquals(List.of(), ids(admin.get("/shop/_table/customers", "filter", "email IN ('p@example.com','q@example.com')")));

        JsonNode stopped = admin.post("/shop/_table/customers", records).batchError("[1]");
        assertTrue(stopped.path("resource").path(0).path("id").isIntegralNumber(), stopped.toString());
        assertEquals(1, ids(admin.get("/shop/_table/customers", "filter", "email IN ('p@example.com','q@example.com')")).size());

        shop.reset();
        JsonNode continued = admin.post("/shop/_table/customers?continue=true", records).batchError("[1]");
        assertTrue(continued.path("resource").path(2).path("id").isIntegralNumber(), continued.toString());
        assertEquals(2, ids(admin.get("/shop/_table/customers", "filter", "email IN ('p@example.com','q@example.com')")).size());
        assertEquals("Rollback and continue operations can not be requested at the same time.",
                admin.post("/shop/_table/customers?rollback=true&continue=true", records).error(400));
    }

    @Test
    void updates_by_id_ids_filter_or_records_and_deletes_the_same_ways() {
        assertEquals("{\"id\":2}", admin.patch("/shop/_table/customers/2", body("{'country':'FR'}")).expect(200).toString());
        assertEquals("FR", admin.get("/shop/_table/customers/2").expect(200).path("country").asText());
        assertEquals(List.of(5, 6), ids(admin.put("/shop/_table/customers?ids=5,6", body("{'vip':true}"))));
        assertEquals(List.of(1, 3, 5, 6), ids(admin.get("/shop/_table/customers", "filter", "vip = true")));
        assertEquals(List.of(1, 5), ids(admin.patch("/shop/_table/customers?filter=" + java.net.URLEncoder.encode(
                "country = 'US'", java.nio.charset.StandardCharsets.UTF_8), body("{'country':'CA'}"))));
        assertEquals(List.of(1, 5), ids(admin.get("/shop/_table/customers", "filter", "country = 'CA'")));
        JsonNode records = admin.patch("/shop/_table/products?fields=name,stock", body("{'resource':[{'id':1,'stock':11},"
                + "{'id':2,'stock':12}]}")).expect(200);
        assertEquals("[{\"name\":\"Widget\",\"stock\":11},{\"name\":\"Gadget\",\"stock\":12}]",
                records.path("resource").toString());
        assertEquals("Record with identifier '77' not found.", admin.patch("/shop/_table/products/77", body("{'stock':1}")).error(404));

        admin.delete("/shop/_table/order_items/5").expect(200);
        JsonNode deleted = admin.delete("/shop/_table/order_items?ids=1,2&fields=*").expect(200);
        assertEquals(1, deleted.path("resource").path(0).path("product_id").asInt(), deleted.toString());
        assertEquals(List.of(3), ids(admin.delete("/shop/_table/order_items?filter=quantity%20%3D%201%20AND%20order_id%20%3D%202")));
        assertEquals(List.of(4), ids(admin.get("/shop/_table/order_items")));
        admin.send("DELETE", "/shop/_table/order_items", body("{'resource':[{'id':4}]}")).expect(200);
        assertEquals(List.of(), ids(admin.get("/shop/_table/order_items")));
        assertTrue(admin.delete("/shop/_table/order_items").error(400).contains("Say which records"));
    }

    @Test
    void group_answers_each_group_once_with_grouped_fields_only() {
        JsonNode statuses = admin.get("/shop/_table/orders", "group", "status", "include_count", "true").expect(200);
        assertEquals("[{\"status\":\"new\"},{\"status\":\"paid\"},{\"status\":\"shipped\"}]",
                statuses.path("resource").toString());
        assertEquals(3, statuses.path("meta").path("count").asInt(), statuses.toString());
        JsonNode pairs = admin.get("/shop/_table/orders", "group_by", "customer_id,status", "fields", "customer_id",
                "filter", "customer_id < 3", "order", "customer_id DESC").expect(200).path("resource");
        assertEquals("[{\"customer_id\":2},{\"customer_id\":1},{\"customer_id\":1}]", pairs.toString());
        assertTrue(admin.get("/shop/_table/orders", "group", "status", "fields", "id,status").error(400)
                .contains("Field 'id' of table 'orders' is not in 'group'"));
        assertTrue(admin.get("/shop/_table/orders", "group", "shoe_size").error(400).contains("Invalid group field 'shoe_size'"));
        assertTrue(admin.get("/shop/_table/orders", "group", "status", "order", "id").error(400).contains("'id'"));
    }

    @Test
    void related_records_come_with_each_record_by_relation_name() {
        JsonNode orders = admin.get("/shop/_table/orders", "related", "customers_by_customer_id,order_items_by_order_id",
                "fields", "id,status", "limit", "2").expect(200).path("resource");
        assertEquals("Ann", orders.path(0).path("customers_by_customer_id").path("name").asText(), orders.toString());
        assertFalse(orders.path(0).has("customer_id"), "a join field not asked for stays out: " + orders);
        assertEquals(List.of(1, 2), ids(orders.path(0).path("order_items_by_order_id")));
        assertEquals(List.of(3), ids(orders.path(1).path("order_items_by_order_id")));

        JsonNode first = admin.get("/shop/_table/orders/1", "related", "products_by_order_items").expect(200);
        assertEquals(List.of(1, 2), ids(first.path("products_by_order_items")), first.toString());
        assertEquals(1, first.path("customer_id").asInt());
        JsonNode last = admin.get("/shop/_table/orders/5", "related", "products_by_order_items,order_items_by_order_id").expect(200);
        assertTrue(last.path("products_by_order_items").isArray() && last.path("products_by_order_items").isEmpty(), last.toString());

        JsonNode dan = admin.get("/shop/_table/customers", "ids", "1,6", "related", "*").expect(200).path("resource");
        assertEquals(List.of(1, 2), ids(dan.path(0).path("orders_by_customer_id")), dan.toString());
        assertTrue(dan.path(1).path("orders_by_customer_id").isEmpty(), dan.toString());
        JsonNode item = admin.get("/shop/_table/order_items/5", "related", "*").expect(200);
        assertEquals("Café crème", item.path("products_by_product_id").path("name").asText(), item.toString());
        assertEquals(4, item.path("orders_by_order_id").path("id").asInt(), item.toString());

        assertTrue(admin.get("/shop/_table/orders", "related", "friends").error(400).contains("Invalid relationship 'friends'"));
        assertTrue(admin.get("/shop/_table/orders/1", "related", "customers").error(400).contains("'customers'"));
        assertTrue(admin.post("/shop/_table/orders?related=customers_by_customer_id", body("{'customer_id':1}"))
                .error(400).contains("'related'"));
        assertEquals(List.of(1, 2, 3, 4, 5), ids(admin.get("/shop/_table/orders")), "the refused write changed nothing");
    }

    @Test
    void a_page_larger_than_one_fetch_equals_its_small_pages_with_related_records_and_count() {
        StringBuilder orders = new StringBuilder("INSERT INTO orders (id, customer_id, status, total) VALUES ");
        for (int id = 101; id <= 1300; id++) {
            orders.append(id == 101 ? "" : ", ").append("(").append(id).append(", ").append(id % 6 + 1)
                    .append(", '").append(id % 2 == 0 ? "paid" : "new").append("', ").append(id).append(".25)");
        }
        shop.execute(List.of(orders.toString(), "INSERT INTO order_items (id, order_id, product_id, quantity) VALUES "
                + "(101, 101, 1, 1), (102, 700, 2, 2), (103, 700, 3, 1), (104, 1000, 4, 3)"));
        String[] query = {"related", "*", "fields", "id,status,total", "include_count", "true"};
        JsonNode whole = admin.get("/shop/_table/orders", query).expect(200);
        assertEquals(List.of("meta", "resource"), ApiClient.names(whole));
        assertEquals(1205, whole.path("meta").path("count").asInt());
        JsonNode records = whole.path("resource");
        assertEquals(1000, records.size(), "the service's max_records (1000) is the page: more than one fetch");
        StringBuilder small = new StringBuilder();
        for (int offset = 0; offset < 1000; offset += 100) {
            String[] page = java.util.stream.Stream.concat(java.util.Arrays.stream(query),
                    java.util.stream.Stream.of("limit", "100", "offset", String.valueOf(offset))).toArray(String[]::new);
            String part = admin.get("/shop/_table/orders", page).expect(200).path("resource").toString();
            small.append(offset == 0 ? "" : ",").append(part, 1, part.length() - 1);
        }
        assertEquals("[" + small + "]", records.toString(), "the large page streamed in chunks equals its small pages");
        JsonNode order700 = records.path(5 + 599);
        assertEquals(700, order700.path("id").asInt(), order700.toString());
        assertEquals(List.of("customers_by_customer_id", "id", "order_items_by_order_id", "products_by_order_items",
                "status", "total"), ApiClient.names(order700), "the join field customer_id stays out: " + order700);
        assertEquals(List.of(2, 3), ids(order700.path("products_by_order_items")), order700.toString());
        assertEquals(700 % 6 + 1, order700.path("customers_by_customer_id").path("id").asInt(), order700.toString());
        assertEquals(List.of(4), ids(records.path(5 + 899).path("products_by_order_items")));
    }

    @Test
    void related_records_follow_the_role_access_and_row_filters_of_the_related_table() {
        long service = ServedInstance.idOf(admin, "service", "shop");
        long role = admin.post("/system/role", body("{'name':'viewer-" + engine() + "','is_active':true,"
                + "'role_service_access_by_role_id':[{'service_id':" + service + ",'component':'_table/customers/*',"
                + "'verb_mask':1,'requestor_mask':1},"
                + "{'service_id':" + service + ",'component':'_table/orders/*','verb_mask':1,'requestor_mask':1,"
                + "'filters':[{'name':'status','operator':'=','value':'paid'}],'filter_op':'AND'}]}"))
                .expect(201).path("id").asLong();
        String key = admin.post("/system/app?fields=api_key", body("{'name':'viewer-" + engine() + "','is_active':true,"
                + "'role_id':" + role + "}")).expect(201).path("api_key").asText();
        ApiClient viewer = served.anonymous().withApiKey(key);

        JsonNode ann = viewer.get("/shop/_table/customers/1", "related", "orders_by_customer_id").expect(200);
        assertEquals(List.of(1), ids(ann.path("orders_by_customer_id")), "only the paid order: " + ann);
        JsonNode paid = viewer.get("/shop/_table/orders", "related", "customers_by_customer_id").expect(200).path("resource");
        assertEquals("Bob", paid.path(1).path("customers_by_customer_id").path("name").asText(), paid.toString());

        assertTrue(viewer.get("/shop/_table/orders", "related", "order_items_by_order_id").error(403).contains("order_items"));
        assertTrue(viewer.get("/shop/_table/orders/1", "related", "products_by_order_items").error(403).contains("products"));
        JsonNode all = viewer.get("/shop/_table/orders/1", "related", "*").expect(200);
        assertTrue(all.has("customers_by_customer_id"), all.toString());
        assertFalse(all.has("order_items_by_order_id") || all.has("products_by_order_items"),
                "relations to tables the role cannot read are left out of *: " + all);
    }

    @Test
    void the_service_openapi_document_lists_the_paths_and_schemas_of_the_tables_the_caller_may_see() {
        JsonNode docs = admin.get("/api_docs/shop").expect(200);
        assertEquals("3.0.0", docs.path("openapi").asText());
        assertEquals("/api/v2/shop", docs.path("servers").path(0).path("url").asText());
        for (String path : List.of("/_table", "/_schema", "/_table/orders", "/_table/orders/{id}", "/_schema/order_items",
                "/_table/customers/{id}")) {
            assertTrue(docs.path("paths").has(path), path + " in " + docs.path("paths").toString());
        }
        JsonNode orders = docs.path("components").path("schemas").path("orders");
        assertEquals("integer", orders.path("properties").path("customer_id").path("type").asText(), orders.toString());
        assertEquals("number", orders.path("properties").path("total").path("type").asText(), orders.toString());
        assertTrue(orders.path("properties").path("id").path("readOnly").asBoolean(), orders.toString());
        assertTrue(orders.path("required").toString().contains("customer_id"), orders.toString());
        assertTrue(docs.path("paths").path("/_table/orders").has("post"));

        long service = ServedInstance.idOf(admin, "service", "shop");
        long role = admin.post("/system/role", body("{'name':'docs-" + engine() + "','is_active':true,"
                + "'role_service_access_by_role_id':[{'service_id':" + service + ",'component':'_table/products/*',"
                + "'verb_mask':1,'requestor_mask':1}]}")).expect(201).path("id").asLong();
        String key = admin.post("/system/app?fields=api_key", body("{'name':'docs-" + engine() + "','is_active':true,"
                + "'role_id':" + role + "}")).expect(201).path("api_key").asText();
        JsonNode seen = served.anonymous().withApiKey(key).get("/api_docs/shop").expect(200);
        assertTrue(seen.path("paths").has("/_table/products"), seen.path("paths").toString());
        assertFalse(seen.path("paths").has("/_table/customers") || seen.path("components").path("schemas").has("orders"),
                "tables the role cannot read are not described: " + seen.path("paths"));
        served.anonymous().get("/api_docs/shop").error(401);
        assertEquals("Service 'nowhere' not found.", admin.get("/api_docs/nowhere").error(404));
    }

    @Test
    void a_role_sees_and_writes_only_its_tables_verbs_and_rows() {
        long service = ServedInstance.idOf(admin, "service", "shop");
        long role = admin.post("/system/role", body("{'name':'clerk-" + engine() + "','is_active':true,"
                + "'role_service_access_by_role_id':[{'service_id':" + service + ",'component':'_table/orders/*',"
                + "'verb_mask':31,'requestor_mask':1,'filters':[{'name':'customer_id','operator':'=','value':'{customer}'},"
                + "{'name':'status','operator':'in','value':'new,paid'}],'filter_op':'AND'},"
                + "{'service_id':" + service + ",'component':'_table/products/*','verb_mask':1,'requestor_mask':1},"
                + "{'service_id':" + service + ",'component':'_table','verb_mask':1,'requestor_mask':1}]}"))
                .expect(201).path("id").asLong();
        admin.post("/system/lookup", body("{'name':'customer','value':'1','role_id':" + role + "}")).expect(201);
        String key = admin.post("/system/app?fields=api_key", body("{'name':'till-" + engine() + "','is_active':true,"
                + "'role_id':" + role + "}")).expect(201).path("api_key").asText();
        ApiClient clerk = served.anonymous().withApiKey(key);

        assertEquals(List.of(1, 2), ids(clerk.get("/shop/_table/orders")));
        assertEquals(List.of(2), ids(clerk.get("/shop/_table/orders", "filter", "status = 'new'")));
        assertEquals(List.of(1, 2), ids(clerk.get("/shop/_table/orders", "filter", "status = 'paid' OR customer_id = 1")));
        assertEquals(2, clerk.get("/shop/_table/orders", "count_only", "true").expect(200).path("meta").path("count").asInt());
        clerk.get("/shop/_table/orders/1").expect(200);
        assertEquals("Record with identifier '3' not found.", clerk.get("/shop/_table/orders/3").error(404));
        List<String> visible = new ArrayList<>();
        clerk.get("/shop/_table").expect(200).path("resource").forEach(t -> visible.add(t.path("name").asText()));
        assertEquals(List.of("orders", "products"), visible);

        clerk.get("/shop/_table/customers").error(403);
        clerk.get("/shop/_table/secrets").error(403);
        clerk.get("/shop/_schema/orders").error(403);
        clerk.patch("/shop/_table/products/1", body("{'stock':0}")).error(403);
        served.anonymous().get("/shop/_table/orders").error(401);

        clerk.post("/shop/_table/orders", body("{'customer_id':1}")).expect(201);
        assertTrue(clerk.post("/shop/_table/orders", body("{'customer_id':2}")).error(403).contains("row filters"));
        clerk.patch("/shop/_table/orders/2", body("{'status':'paid'}")).expect(200);
        assertEquals("Record with identifier '3' not found.", clerk.patch("/shop/_table/orders/3", body("{'status':'new'}")).error(404));
        assertTrue(clerk.patch("/shop/_table/orders/1", body("{'status':'shipped'}")).error(403).contains("row filters"));
        assertEquals(List.of(), ids(clerk.patch("/shop/_table/orders?filter=customer_id%20%3D%202", body("{'status':'new'}"))));
        assertEquals("Record with identifier '4' not found.", clerk.delete("/shop/_table/orders/4").error(404));
        assertEquals("paid", admin.get("/shop/_table/orders/1").expect(200).path("status").asText());
        assertEquals(List.of(3), ids(admin.get("/shop/_table/orders", "filter", "customer_id = 2")));
        assertEquals(List.of(4), ids(admin.get("/shop/_table/orders", "filter", "customer_id = 3")));
    }

    @Test
    void a_service_whose_database_cannot_be_reached_answers_503_without_its_password() {
        ObjectNode config = shop.serviceConfig().put("password", "hunter2-very-secret");
        if (engine() == DatabaseEngine.SQLITE) {
            config.put("database", home.resolve("missing.sqlite").toString());
        } else {
            config.put("port", 1);
        }
        ObjectNode service = ApiClient.JSON.createObjectNode().put("name", "down-" + engine().connectionName())
                .put("label", "Down").put("type", engine().connectionName());
        service.set("config", config);
        long id = admin.post("/system/service", service.toString()).expect(201).path("id").asLong();
        ApiClient.Reply reply = admin.get("/down-" + engine().connectionName() + "/_table/customers");
        String message = reply.error(503);
        assertTrue(message.contains("Service 'down-" + engine().connectionName() + "' cannot reach its database"), message);
        assertFalse(reply.body().contains("hunter2"), reply.body());
        admin.delete("/system/service/" + id).expect(200);
        admin.get("/down-" + engine().connectionName() + "/_table/customers").error(404);
    }

    @Test
    void max_records_bounds_every_page_and_a_changed_service_is_used_at_once() {
        long id = ServedInstance.idOf(admin, "service", "shop");
        ObjectNode config = shop.serviceConfig().put("max_records", 2);
        ObjectNode change = ApiClient.JSON.createObjectNode();
        change.set("config", config);
        try {
            admin.patch("/system/service/" + id, change.toString()).expect(200);
            assertEquals(List.of(1, 2), ids(admin.get("/shop/_table/customers")));
            assertEquals(List.of(1, 2), ids(admin.get("/shop/_table/customers", "limit", "500")));
            assertEquals(List.of(3, 4), ids(admin.get("/shop/_table/customers", "offset", "2")));
            admin.patch("/system/service/" + id, body("{'is_active':false}")).expect(200);
            assertTrue(admin.get("/shop/_table/customers").error(403).contains("not active"));
        } finally {
            change.set("config", shop.serviceConfig());
            change.put("is_active", true);
            admin.patch("/system/service/" + id, change.toString()).expect(200);
        }
        assertEquals(6, ids(admin.get("/shop/_table/customers")).size());
    }

    @Test
    void identifiers_that_need_quoting_are_quoted_by_the_engines_rules() {
        String table = engine() == DatabaseEngine.MYSQL ? "`odd \"name`" : "\"odd \"\"name\"";
        String column = engine() == DatabaseEngine.MYSQL ? "`select`" : "\"select\"";
        shop.execute(List.of("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, " + column + " VARCHAR(20))",
                "INSERT INTO " + table + " (id, " + column + ") VALUES (1, 'a'), (2, 'b')"));
        try {
            String path = "/shop/_table/odd%20%22name";
            assertEquals(List.of(2), ids(admin.get(path, "refresh", "true", "filter", "select = 'b'", "order", "select DESC")));
            admin.patch(path + "/1", body("{'select':'c'}")).expect(200);
            assertEquals("c", admin.get(path + "/1", "fields", "select").expect(200).path("select").asText());
        } finally {
            shop.execute(List.of("DROP TABLE " + table));
            admin.get("/shop/_table", "refresh", "true").expect(200);
        }
    }

    static List<Integer> ids(ApiClient.Reply reply) {
        List<Integer> ids = new ArrayList<>();
        reply.expect(200).path("resource").forEach(record -> ids.add(record.path("id").asInt()));
        return ids;
    }

    static List<Integer> ids(JsonNode records) {
        List<Integer> ids = new ArrayList<>();
        records.forEach(record -> ids.add(record.path("id").asInt()));
        return ids;
    }

    static JsonNode field(JsonNode table, String name) {
        for (JsonNode field : table.path("field")) {
            if (field.path("name").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + table);
    }

    static List<String> relations(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("related").forEach(r -> names.add(r.path("name").asText() + ":" + r.path("type").asText()));
        names.sort(null);
        return names;
    }

    static String body(String singleQuoted) {
        return json(singleQuoted);
    }
}
