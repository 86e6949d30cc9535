package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the Swagger UI that browses it, both served from the jar. */
class ApiDocsTest {
    @TempDir
    Path home;

    @Test
    void the_openapi_document_describes_every_system_resource_and_the_swagger_ui_is_served_without_a_cdn()
            throws Exception {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home);
             RunningServer server = RunningServer.start(instance)) {
            HttpResponse<String> document = server.get("/api/v2/api_docs");
            assertEquals(200, document.statusCode(), document.body());
            JsonNode openApi = new ObjectMapper().readTree(document.body());
            assertEquals("3.0.0", openApi.path("openapi").asText());
            for (String resource : new String[] {"admin", "user", "role", "app", "service", "lookup", "cors",
                "email_template", "custom", "event_script", "scheduler"}) {
                assertTrue(openApi.path("paths").has("/system/" + resource), resource);
                assertTrue(openApi.path("paths").has("/system/" + resource + "/{id}"), resource);
            }
            assertTrue(openApi.path("paths").has("/system/admin/session"));
            assertEquals("password", openApi.at("/components/schemas/user/properties/password/format").asText());
            assertTrue(openApi.at("/components/schemas/user/properties/password/writeOnly").asBoolean());
            assertEquals("X-DreamFactory-API-Key", openApi.at("/components/securitySchemes/apiKey/name").asText());

            HttpResponse<String> page = server.get("/api_docs");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/api_docs/assets/swagger-ui-bundle.js"), page.body());
            assertTrue(!page.body().contains("https://"), "no asset comes from another host: " + page.body());
            HttpResponse<String> bundle = server.get("/api_docs/assets/swagger-ui-bundle.js");
            assertEquals(200, bundle.statusCode());
            assertTrue(bundle.body().length() > 100_000, "the bundle is served from the jar");
            assertEquals(404, server.get("/api_docs/assets/..%2F..%2Fportico-build.properties").statusCode());
            assertEquals(404, server.get("/api_docs/assets/pom.properties").statusCode());
        }
    }
}
