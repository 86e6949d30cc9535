package dev.portico.http;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.system.OpenApiDocument;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;

/**
 * {@code GET /api/v2/api_docs}: the OpenAPI document; {@code GET /api_docs}: Swagger UI over it
 * ({@code ?service=NAME} over a database service's document instead), its files served from the jar (no CDN). The document describes the API's shape only, so it is
 * public, as the UI page that reads it must be.
 */
final class ApiDocsResource {
    private static final Set<String> ASSETS = Set.of("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png");
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Portico API docs</title>
            <link rel="stylesheet" href="/api_docs/assets/swagger-ui.css"></head>
            <body><div id="swagger-ui"></div>
            <script src="/api_docs/assets/swagger-ui-bundle.js"></script>
            <script>
            // ?service=NAME shows that database service's document; api_key / session_token, when given,
            // go with every request the page makes (a service's document lists only what the caller may see)
            const params = new URLSearchParams(location.search);
            const service = params.get("service");
            window.ui = SwaggerUIBundle({
              url: service ? "/api/v2/api_docs/" + encodeURIComponent(service) : "/api/v2/api_docs",
              dom_id: "#swagger-ui",
              requestInterceptor: request => {
                if (params.get("api_key")) request.headers["X-DreamFactory-API-Key"] = params.get("api_key");
                if (params.get("session_token")) request.headers["X-DreamFactory-Session-Token"] = params.get("session_token");
                return request;
              }});
            </script>
            </body></html>
            """;

    private final OpenApiDocument document;
    private final String assetFolder;

    ApiDocsResource(OpenApiDocument document) {
        this.document = document;
        this.assetFolder = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    }

    void document(Context ctx) {
        ctx.json(document.document());
    }

    void page(Context ctx) {
        ctx.html(PAGE);
    }

    void asset(Context ctx) {
        String name = ctx.pathParam("file");
        if (!ASSETS.contains(name)) {
            throw new PorticoException(ErrorCode.NOT_FOUND, "No such file: " + (name.length() > 60 ? name.substring(0, 60) : name));
        }
        InputStream file = ApiDocsResource.class.getClassLoader().getResourceAsStream(assetFolder + name);
        if (file == null) {
            throw new PorticoException(ErrorCode.NOT_FOUND, "Swagger UI file " + name + " is missing from this build.");
        }
        ctx.contentType(name.endsWith(".js") ? "application/javascript" : name.endsWith(".css") ? "text/css" : "image/png")
                .header("Cache-Control", "public, max-age=86400").result(file);
    }

    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = ApiDocsResource.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // falls through to the error below
        }
        String version = properties.getProperty("version");
        if (version == null) {
            throw new IllegalStateException("The Swagger UI webjar is missing from the classpath: rebuild Portico.");
        }
        return version;
    }
}
