package dev.portico.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.systemdb.SqlHandle;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code related=}: embeds child rows under their relation's name, and writes the child rows a
 * parent record carries (rows with an id are updated, rows without one are added). Thread-safe.
 */
final class RelatedRecords {
    private final SystemResources resources;
    private final RecordStore store;

    RelatedRecords(SystemResources resources, RecordStore store) {
        this.resources = resources;
        this.store = store;
    }

    void embed(SqlHandle handle, ResourceSpec parent, List<Map<String, Object>> records, List<String> names)
            throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        List<RelationSpec> relations = new ArrayList<>();
        for (String name : names) {
            if (name.equals("*")) {
                relations.addAll(parent.relations());
            } else {
                relations.add(parent.relation(name).orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST,
                        "Unknown relation '" + (name.length() > 60 ? name.substring(0, 60) + "…" : name) + "' for "
                                + parent.name() + ". Known: " + parent.relations().stream().map(RelationSpec::name)
                                .collect(Collectors.joining(", ")) + ".")));
            }
        }
        if (records.isEmpty()) {
            return;
        }
        List<Object> ids = records.stream().map(r -> r.get("id")).collect(Collectors.toList());
        String marks = ids.stream().map(id -> "?").collect(Collectors.joining(", "));
        for (RelationSpec relation : relations) {
            ResourceSpec child = resources.find(relation.childResource()).orElseThrow();
            Map<Object, List<Map<String, Object>>> byParent = new LinkedHashMap<>();
            for (Map<String, Object> row : handle.rows("SELECT * FROM " + child.table() + " WHERE "
                    + relation.foreignKey() + " IN (" + marks + ") ORDER BY id", ids.toArray())) {
                Object parentId = ((Number) row.get(relation.foreignKey())).longValue();
                byParent.computeIfAbsent(parentId, key -> new ArrayList<>()).add(store.output(child, row, child.fields()));
            }
            for (Map<String, Object> record : records) {
                record.put(relation.name(), byParent.getOrDefault(record.get("id"), List.of()));
            }
        }
    }

    void write(SqlHandle handle, ResourceSpec parent, long parentId, JsonNode record, Long actor) throws SQLException {
        for (RelationSpec relation : parent.relations()) {
            JsonNode children = record.get(relation.name());
            if (children == null || children.isNull()) {
                continue;
            }
            if (!children.isArray()) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "'" + relation.name() + "' must be an array of records.");
            }
            ResourceSpec child = resources.find(relation.childResource()).orElseThrow();
            for (JsonNode row : children) {
                if (!row.isObject()) {
                    throw new PorticoException(ErrorCode.BAD_REQUEST, "Each record in '" + relation.name()
                            + "' must be a JSON object.");
                }
                var owned = ((com.fasterxml.jackson.databind.node.ObjectNode) row.deepCopy()).put(relation.foreignKey(), parentId);
                if (row.hasNonNull("id")) {
                    long childId = row.get("id").asLong();
                    Object owner = store.find(handle, child, childId).map(r -> r.get(relation.foreignKey())).orElse(null);
                    if (!(owner instanceof Number number) || number.longValue() != parentId) {
                        throw new PorticoException(ErrorCode.NOT_FOUND, "Record with identifier '" + childId
                                + "' not found in " + relation.name() + " of " + parent.name() + " " + parentId + ".");
                    }
                    store.update(handle, child, childId, owned, actor);
                } else {
                    store.insert(handle, child, owned, actor);
                }
            }
        }
    }
}
