package dev.portico.restapi;

import dev.portico.services.Column;
import dev.portico.services.DatabaseService;
import dev.portico.services.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The OpenAPI 3.0 document of one database service ({@code /api/v2/api_docs/{service}}): the
 * {@code _table} and {@code _schema} paths of each table the caller may see, and a schema per table
 * built from its columns (type, nullability, generated keys). Built per request from the cached
 * table metadata, so it follows {@code refresh} and schema changes. Stateless.
 */
public final class ServiceOpenApi {
    private static final Map<String, Object> ERROR = Map.of("type", "object", "properties", Map.of("error",
            Map.of("type", "object", "properties", Map.of("code", Map.of("type", "integer"),
                    "message", Map.of("type", "string"), "context", Map.of("nullable", true)))));

    public Map<String, Object> document(DatabaseService service, Predicate<String> visible, String version) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("Error", ERROR);
        paths.put("/_table", Map.of("get", operation("_table", "List the tables", null,
                resources(Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")))), List.of())));
        paths.put("/_schema", Map.of("get", operation("_schema", "List the tables with labels", null,
                resources(Map.of("type", "object")), List.of())));
        for (String name : service.tables().keySet()) {
            if (!visible.test(name)) {
                continue;
            }
            TableSchema table = service.table(name);
            schemas.put(name, schema(table));
            Map<String, Object> record = Map.of("$ref", "#/components/schemas/" + name);
            Map<String, Object> many = resources(record);
            Map<String, Object> collection = new LinkedHashMap<>();
            collection.put("get", operation(name, "Read records of " + name, null, many, listParameters()));
            if (!table.view()) {
                List<Map<String, Object>> batch = List.of(flag("rollback"), flag("continue"), query("fields"));
                collection.put("post", operation(name, "Create one record or a batch", many, many, batch));
                collection.put("put", operation(name, "Change records (by the keys in them, ids or filter)", many, many,
                        List.of(query("ids"), query("filter"), flag("rollback"), flag("continue"), query("fields"))));
                collection.put("patch", collection.get("put"));
                collection.put("delete", operation(name, "Delete records by ids or filter", null, many,
                        List.of(query("ids"), query("filter"), flag("rollback"), flag("continue"), query("fields"))));
            }
            paths.put("/_table/" + name, collection);
            Map<String, Object> one = new LinkedHashMap<>();
            List<Map<String, Object>> id = List.of(Map.of("name", "id", "in", "path", "required", true,
                    "schema", Map.of("type", "string")), query("fields"), query("related"), query("id_field"));
            one.put("get", operation(name, "Read one record of " + name, null, record, id));
            if (!table.view()) {
                one.put("put", operation(name, "Change one record (only the fields sent)", record, record, id));
                one.put("patch", one.get("put"));
                one.put("delete", operation(name, "Delete one record", null, record, id));
            }
            paths.put("/_table/" + name + "/{id}", one);
            paths.put("/_schema/" + name, Map.of("get", operation("_schema", "Describe " + name
                    + ": fields, keys and relations", null, Map.of("type", "object"), List.of())));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.0");
        document.put("info", Map.of("title", "Portico service " + service.name(), "version", version,
                "description", "Records and schema of the " + service.engine().connectionName() + " database of service '"
                        + service.name() + "', in DreamFactory's _table and _schema shapes."));
        document.put("servers", List.of(Map.of("url", "/api/v2/" + service.name())));
        document.put("paths", paths);
        document.put("components", Map.of("schemas", schemas, "securitySchemes", Map.of(
                "apiKey", Map.of("type", "apiKey", "in", "header", "name", "X-DreamFactory-API-Key"),
                "session", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"))));
        document.put("security", List.of(Map.of("apiKey", List.of()), Map.of("session", List.of())));
        return document;
    }

    private static Map<String, Object> schema(TableSchema table) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Column column : table.columns()) {
            Map<String, Object> property = new LinkedHashMap<>(switch (column.type()) {
                case INTEGER -> Map.of("type", "integer", "format", "int64");
                case DECIMAL -> Map.of("type", "number");
                case BOOLEAN -> Map.of("type", "boolean");
                case DATETIME -> Map.of("type", "string", "example", "2026-01-31 12:00:00");
                case DATE -> Map.of("type", "string", "example", "2026-01-31");
                case TIME -> Map.of("type", "string", "example", "12:00:00");
                case BINARY -> Map.of("type", "string", "format", "byte");
                case TEXT, JSON -> Map.of("type", "string");
            });
            if (column.nullable()) {
                property.put("nullable", true);
            }
            if (column.autoIncrement()) {
                property.put("readOnly", true);
            }
            property.put("description", column.dbType());
            properties.put(column.name(), property);
            if (!column.optionalOnInsert()) {
                required.add(column.name());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }

    private static Map<String, Object> resources(Map<String, Object> item) {
        return Map.of("type", "object", "properties", Map.of("resource", Map.of("type", "array", "items", item),
                "meta", Map.of("type", "object")));
    }

    private static Map<String, Object> operation(String tag, String summary, Map<String, Object> body,
                                                 Map<String, Object> result, List<Map<String, Object>> parameters) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("tags", List.of(tag));
        operation.put("summary", summary);
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (body != null) {
            operation.put("requestBody", Map.of("content", Map.of("application/json", Map.of("schema", body))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Map.of("description", "Success", "content", Map.of("application/json", Map.of("schema", result))));
        responses.put("default", Map.of("description", "Error", "content", Map.of("application/json",
                Map.of("schema", Map.of("$ref", "#/components/schemas/Error")))));
        operation.put("responses", responses);
        return operation;
    }

    private static List<Map<String, Object>> listParameters() {
        return List.of(query("fields"), query("filter"), query("limit"), query("offset"), query("order"), query("ids"),
                query("related"), query("id_field"), flag("include_count"), flag("count_only"), flag("refresh"));
    }

    private static Map<String, Object> query(String name) {
        return Map.of("name", name, "in", "query", "schema", Map.of("type", "string"));
    }

    private static Map<String, Object> flag(String name) {
        return Map.of("name", name, "in", "query", "schema", Map.of("type", "boolean"));
    }
}
