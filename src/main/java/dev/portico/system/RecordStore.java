package dev.portico.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.UtcTimestamps;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and writes the rows of one system resource with bound values only: identifiers come from
 * the resource's own spec, never from the request. Thread-safe; the caller supplies the handle
 * (and so the transaction).
 */
final class RecordStore {
    private final RecordCodec codec;
    private final FilterSql filters;

    RecordStore(RecordCodec codec, FilterSql filters) {
        this.codec = codec;
        this.filters = filters;
    }

    /** One page of rows as the client sees them, and the total when asked. */
    record Page(List<Map<String, Object>> rows, Long count) {
    }

    Page list(SqlHandle handle, ResourceSpec resource, ListQuery query, List<FieldSpec> shown) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = where(resource, query, parameters);
        String order = order(resource, query.order());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : handle.rows("SELECT * FROM " + resource.table() + where + order
                + " LIMIT " + query.limit() + " OFFSET " + query.offset(), parameters.toArray())) {
            rows.add(output(resource, row, shown));
        }
        Long count = query.includeCount()
                ? handle.number("SELECT COUNT(*) FROM " + resource.table() + where, parameters.toArray()) : null;
        return new Page(rows, count);
    }

    Optional<Map<String, Object>> find(SqlHandle handle, ResourceSpec resource, long id) throws SQLException {
        List<Object> parameters = new ArrayList<>(List.of(id));
        StringBuilder sql = new StringBuilder("SELECT * FROM " + resource.table() + " WHERE id = ?");
        resource.scope().forEach((column, value) -> {
            sql.append(" AND ").append(column).append(" = ?");
            parameters.add(value);
        });
        return handle.row(sql.toString(), parameters.toArray());
    }

    Map<String, Object> output(ResourceSpec resource, Map<String, Object> row, List<FieldSpec> shown) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldSpec field : shown) {
            if (!field.has(FieldSpec.Rule.PASSWORD)) {
                out.put(field.name(), codec.fromColumn(field, row.get(field.column()), row));
            }
        }
        return out;
    }

    long insert(SqlHandle handle, ResourceSpec resource, JsonNode record, Long actor) throws SQLException {
        return insert(handle, resource, record, actor, Map.of());
    }

    /** Inserts a record plus columns Portico generates for it (an app's API key). */
    long insert(SqlHandle handle, ResourceSpec resource, JsonNode record, Long actor, Map<String, Object> generated)
            throws SQLException {
        Map<String, Object> columns = columns(resource, record, null);
        columns.putAll(generated);
        for (FieldSpec field : resource.fields()) {
            if (field.has(FieldSpec.Rule.REQUIRED) && columns.get(field.column()) == null) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Field '" + field.name() + "' is required to create a "
                        + resource.name() + ".");
            }
        }
        checkUnique(handle, resource, columns, null);
        columns.putAll(resource.scope());
        Instant now = UtcTimestamps.now();
        columns.put("created_at", now);
        columns.put("updated_at", now);
        if (resource.audited()) {
            columns.put("created_by_id", actor);
            columns.put("updated_by_id", actor);
        }
        String names = String.join(", ", columns.keySet());
        String marks = columns.keySet().stream().map(c -> "?").collect(Collectors.joining(", "));
        return handle.insert("INSERT INTO " + resource.table() + " (" + names + ") VALUES (" + marks + ")",
                columns.values().toArray());
    }

    void update(SqlHandle handle, ResourceSpec resource, long id, JsonNode record, Long actor) throws SQLException {
        update(handle, resource, id, record, actor, Map.of());
    }

    void update(SqlHandle handle, ResourceSpec resource, long id, JsonNode record, Long actor,
                Map<String, Object> generated) throws SQLException {
        Map<String, Object> stored = find(handle, resource, id).orElseThrow(() -> notFound(resource, id));
        Map<String, Object> columns = columns(resource, record, stored);
        columns.putAll(generated);
        checkUnique(handle, resource, columns, id);
        columns.put("updated_at", UtcTimestamps.now());
        if (resource.audited()) {
            columns.put("updated_by_id", actor);
        }
        String sets = columns.keySet().stream().map(c -> c + " = ?").collect(Collectors.joining(", "));
        List<Object> values = new ArrayList<>(columns.values());
        values.add(id);
        handle.update("UPDATE " + resource.table() + " SET " + sets + " WHERE id = ?", values.toArray());
    }

    void delete(SqlHandle handle, ResourceSpec resource, long id) throws SQLException {
        find(handle, resource, id).orElseThrow(() -> notFound(resource, id));
        handle.update("DELETE FROM " + resource.table() + " WHERE id = ?", id);
    }

    static PorticoException notFound(ResourceSpec resource, long id) {
        return new PorticoException(ErrorCode.NOT_FOUND, "Record with identifier '" + id + "' not found in "
                + resource.name() + ".");
    }

    /** The writable columns a record sets; unknown fields are refused, read-only ones ignored. */
    private Map<String, Object> columns(ResourceSpec resource, JsonNode record, Map<String, Object> stored) {
        if (record == null || !record.isObject()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Each " + resource.name() + " record must be a JSON object.");
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> members = record.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            FieldSpec field = resource.field(member.getKey()).orElse(null);
            if (field == null) {
                if (resource.relation(member.getKey()).isPresent()) {
                    continue; // related records are written by their own resource
                }
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Unknown field '" + member.getKey() + "' for "
                        + resource.name() + ". Known fields: " + resource.fields().stream().map(FieldSpec::name)
                        .collect(Collectors.joining(", ")) + ".");
            }
            if (field.has(FieldSpec.Rule.READ_ONLY)) {
                continue;
            }
            Object value = codec.toColumn(resource, field, member.getValue(), stored == null ? null : stored.get(field.column()));
            if (value == null && RecordCodec.MASK.equals(member.getValue().asText(null))) {
                continue; // the mask sent back for a value never set: nothing to keep, nothing to write
            }
            columns.put(field.column(), value);
        }
        return columns;
    }

    private void checkUnique(SqlHandle handle, ResourceSpec resource, Map<String, Object> columns, Long id)
            throws SQLException {
        for (FieldSpec field : resource.fields()) {
            Object value = columns.get(field.column());
            if (field.has(FieldSpec.Rule.UNIQUE) && value != null) {
                // e-mails are logins, compared without case: two spellings of one address are one account
                String column = field.name().equals("email") ? "LOWER(" + field.column() + ")" : field.column();
                Object compared = field.name().equals("email") ? value.toString().toLowerCase(java.util.Locale.ROOT) : value;
                long taken = id == null
                        ? handle.number("SELECT COUNT(*) FROM " + resource.table() + " WHERE " + column + " = ?", compared)
                        : handle.number("SELECT COUNT(*) FROM " + resource.table() + " WHERE " + column
                                + " = ? AND id <> ?", compared, id);
                if (taken > 0) {
                    throw new PorticoException(ErrorCode.CONFLICT, "A " + resource.name() + " with " + field.name() + " '"
                            + value + "' already exists.");
                }
            }
        }
    }

    private String where(ResourceSpec resource, ListQuery query, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        resource.scope().forEach((column, value) -> {
            conditions.add(column + " = ?");
            parameters.add(value);
        });
        if (!query.ids().isEmpty()) {
            conditions.add("id IN (" + query.ids().stream().map(i -> "?").collect(Collectors.joining(", ")) + ")");
            parameters.addAll(query.ids());
        }
        query.filter().ifPresent(filter -> {
            FilterSql.Condition condition = filters.condition(resource, filter, query.lookups());
            conditions.add("(" + condition.sql() + ")");
            parameters.addAll(condition.parameters());
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String order(ResourceSpec resource, List<String> order) {
        if (order.isEmpty()) {
            return " ORDER BY id";
        }
        List<String> terms = new ArrayList<>();
        for (String term : order) {
            String[] parts = term.strip().split("\\s+");
            FieldSpec field = resource.field(parts[0]).filter(f -> !f.has(FieldSpec.Rule.PASSWORD))
                    .orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST, "Invalid order field '"
                            + (parts[0].length() > 40 ? parts[0].substring(0, 40) + "…" : parts[0]) + "' for "
                            + resource.name() + "."));
            String direction = parts.length > 1 ? parts[1].toUpperCase(java.util.Locale.ROOT) : "ASC";
            if (parts.length > 2 || !(direction.equals("ASC") || direction.equals("DESC"))) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Order terms look like 'name ASC' or 'name DESC'.");
            }
            terms.add(field.column() + " " + direction);
        }
        return " ORDER BY " + String.join(", ", terms);
    }
}
