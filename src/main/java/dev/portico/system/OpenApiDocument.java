package dev.portico.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.0 document of the system API, built from the same resource specs that serve it, so
 * it cannot drift from what the server does. Thread-safe; the document is built once.
 */
public final class OpenApiDocument {
    private static final Map<String, Object> ERROR = ref("Error");
    private final Map<String, Object> document;

    public OpenApiDocument(SystemResources resources, String version) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("Error", Map.of("type", "object", "properties", Map.of("error", Map.of("type", "object",
                "properties", Map.of("code", Map.of("type", "integer"), "message", Map.of("type", "string"),
                        "context", Map.of("nullable", true))))));
        sessionPaths(paths, "/system/admin/session", "sys-admins");
        sessionPaths(paths, "/user/session", "users");
        paths.put("/system/environment", Map.of("get", operation("environment", "Platform version and login options",
                null, Map.of("type", "object"))));
        for (ResourceSpec resource : resources.all()) {
            if (!resources.routable(resource.name())) {
                continue;
            }
            String name = resource.name();
            schemas.put(name, schema(resource));
            Map<String, Object> list = Map.of("type", "object", "properties", Map.of("resource",
                    Map.of("type", "array", "items", ref(name)), "meta", Map.of("type", "object")));
            Map<String, Object> collection = new LinkedHashMap<>();
            collection.put("get", withParameters(operation(name, "List " + name + " records", null, list), listParameters()));
            collection.put("post", withParameters(operation(name, "Create one or more " + name + " records", list, list),
                    List.of(flag("rollback"), flag("continue"))));
            collection.put("patch", operation(name, "Update " + name + " records by id", list, list));
            collection.put("delete", withParameters(operation(name, "Delete " + name + " records by ids", null, list),
                    List.of(Map.of("name", "ids", "in", "query", "schema", Map.of("type", "string")))));
            paths.put("/system/" + name, collection);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("get", operation(name, "Read one " + name, null, ref(name)));
            record.put("patch", operation(name, "Update one " + name, ref(name), ref(name)));
            record.put("put", operation(name, "Update one " + name + " (only the fields sent change)", ref(name), ref(name)));
            record.put("delete", operation(name, "Delete one " + name, null, ref(name)));
            paths.put("/system/" + name + "/{id}", withPathId(record));
        }
        document = new LinkedHashMap<>();
        document.put("openapi", "3.0.0");
        document.put("info", Map.of("title", "Portico system API", "version", version,
                "description", "Users, roles, apps, services and settings of this Portico instance, in DreamFactory's dialect."));
        document.put("servers", List.of(Map.of("url", "/api/v2")));
        document.put("paths", paths);
        document.put("components", Map.of("schemas", schemas, "securitySchemes", Map.of(
                "apiKey", Map.of("type", "apiKey", "in", "header", "name", "X-DreamFactory-API-Key"),
                "session", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"))));
        document.put("security", List.of(Map.of("apiKey", List.of()), Map.of("session", List.of())));
    }

    public Map<String, Object> document() {
        return document;
    }

    private static void sessionPaths(Map<String, Object> paths, String path, String who) {
        Map<String, Object> login = Map.of("type", "object", "properties", Map.of("email", Map.of("type", "string"),
                "password", Map.of("type", "string", "format", "password")));
        Map<String, Object> session = Map.of("type", "object", "properties", Map.of("session_token",
                Map.of("type", "string"), "id", Map.of("type", "integer"), "email", Map.of("type", "string")));
        Map<String, Object> operations = new LinkedHashMap<>();
        operations.put("post", operation("session", "Log in (" + who + ")", login, session));
        operations.put("get", operation("session", "The current session", null, session));
        operations.put("put", operation("session", "Refresh the session token", null, session));
        operations.put("delete", operation("session", "Log out", null, Map.of("type", "object")));
        paths.put(path, operations);
    }

    private static Map<String, Object> schema(ResourceSpec resource) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (FieldSpec field : resource.fields()) {
            Map<String, Object> property = new LinkedHashMap<>(switch (field.kind()) {
                case ID, INTEGER -> Map.of("type", "integer", "format", "int64");
                case BOOLEAN -> Map.of("type", "boolean");
                case TEXT -> Map.of("type", "string");
                case TIMESTAMP -> Map.of("type", "string", "example", "2026-01-31 12:00:00");
                case JSON -> Map.of("type", "object");
            });
            if (field.has(FieldSpec.Rule.READ_ONLY)) {
                property.put("readOnly", true);
            }
            if (field.has(FieldSpec.Rule.PASSWORD)) {
                property.put("writeOnly", true);
                property.put("format", "password");
            }
            if (field.has(FieldSpec.Rule.SECRET) || field.has(FieldSpec.Rule.SECRET_MEMBERS)) {
                property.put("description", "Secret values are stored encrypted and read back as **********; "
                        + "sending the mask back keeps the stored value.");
            }
            properties.put(field.name(), property);
        }
        return Map.of("type", "object", "properties", properties);
    }

    private static Map<String, Object> operation(String tag, String summary, Map<String, Object> body,
                                                 Map<String, Object> result) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("tags", List.of(tag));
        operation.put("summary", summary);
        if (body != null) {
            operation.put("requestBody", Map.of("content", Map.of("application/json", Map.of("schema", body))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Map.of("description", "Success", "content", Map.of("application/json", Map.of("schema", result))));
        responses.put("default", Map.of("description", "Error", "content", Map.of("application/json", Map.of("schema", ERROR))));
        operation.put("responses", responses);
        return operation;
    }

    private static Map<String, Object> withParameters(Map<String, Object> operation, List<Map<String, Object>> parameters) {
        operation.put("parameters", parameters);
        return operation;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withPathId(Map<String, Object> operations) {
        Map<String, Object> id = Map.of("name", "id", "in", "path", "required", true, "schema", Map.of("type", "integer"));
        operations.values().forEach(operation -> ((Map<String, Object>) operation).put("parameters", List.of(id)));
        return operations;
    }

    private static List<Map<String, Object>> listParameters() {
        return List.of(query("fields"), query("filter"), query("limit"), query("offset"), query("order"), query("ids"),
                query("related"), flag("include_count"));
    }

    private static Map<String, Object> query(String name) {
        return Map.of("name", name, "in", "query", "schema", Map.of("type", "string"));
    }

    private static Map<String, Object> flag(String name) {
        return Map.of("name", name, "in", "query", "schema", Map.of("type", "boolean"));
    }

    private static Map<String, Object> ref(String schema) {
        return Map.of("$ref", "#/components/schemas/" + schema);
    }
}
