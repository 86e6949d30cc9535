package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.config.DatabaseEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database service's table metadata is cached until `portico cache:clear` (or ?refresh=true) drops it. */
class ServiceMetadataCacheTest {
    @TempDir
    Path home;

    @Test
    void cache_clear_from_another_process_drops_the_metadata_of_a_running_server() {
        try (ServedInstance served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("portico"));
             Shop shop = Shop.create(DatabaseEngine.SQLITE, home.resolve("shop"))) {
            ApiClient admin = served.admin();
            ObjectNode service = ApiClient.JSON.createObjectNode().put("name", "shop").put("label", "Shop")
                    .put("type", "sqlite");
            service.set("config", shop.serviceConfig());
            admin.post("/system/service", service.toString()).expect(201);
            admin.get("/shop/_table/customers").expect(200);
            shop.execute(List.of("CREATE TABLE late_arrival (id INTEGER PRIMARY KEY, note TEXT)"));
            admin.get("/shop/_table/late_arrival").error(404);

            assertEquals(0, served.instance().run("cache:clear").exitCode());
            boolean seen = RunningServer.waitFor(() -> admin.get("/shop/_table/late_arrival").status() == 200);
            assertTrue(seen, "within the recheck interval the server reads the tables again");
        }
    }
}
