package dev.portico.restapi;

import dev.portico.services.Column;
import dev.portico.services.ColumnType;
import dev.portico.services.ForeignKey;
import dev.portico.services.Relation;
import dev.portico.services.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A table's schema in DreamFactory's {@code _schema/{table}} shape: name, label, plural, primary
 * key, {@code field} (type, db_type, length, keys, references …) and {@code related} (relations named
 * as DreamFactory names them). Labels are DreamFactory's: words split at '_', each capitalised.
 */
final class SchemaDocument {
    private SchemaDocument() {
    }

    static Map<String, Object> table(TableSchema table, int access) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alias", null);
        out.put("name", table.name());
        out.put("label", label(table.name()));
        out.put("plural", label(table.name()) + (table.name().endsWith("s") ? "" : "s"));
        out.put("description", null);
        out.put("native", List.of());
        out.put("is_view", table.view());
        out.put("primary_key", table.primaryKey());
        out.put("name_field", null);
        List<Map<String, Object>> fields = new ArrayList<>();
        table.columns().forEach(column -> fields.add(field(table, column)));
        out.put("field", fields);
        List<Map<String, Object>> related = new ArrayList<>();
        table.relations().forEach(relation -> related.add(relation(relation)));
        out.put("related", related);
        out.put("access", access);
        return out;
    }

    /** {@code GET _schema}: name, label and plural of each table. */
    static Map<String, Object> summary(String name, boolean view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("label", label(name));
        out.put("plural", label(name) + (name.endsWith("s") ? "" : "s"));
        out.put("is_view", view);
        return out;
    }

    private static Map<String, Object> field(TableSchema table, Column column) {
        boolean primary = table.primaryKey().contains(column.name());
        Optional<ForeignKey> reference = table.foreignKey(column.name());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alias", null);
        out.put("name", column.name());
        out.put("label", label(column.name()));
        out.put("description", null);
        out.put("native", List.of());
        out.put("type", type(column, primary, reference.isPresent()));
        out.put("db_type", column.dbType());
        boolean numeric = column.type() == ColumnType.INTEGER || column.type() == ColumnType.DECIMAL;
        out.put("length", numeric ? null : column.size());
        out.put("precision", numeric ? column.size() : null);
        out.put("scale", numeric ? column.scale() : null);
        out.put("default", column.defaultValue());
        out.put("required", !column.optionalOnInsert());
        out.put("allow_null", column.nullable());
        out.put("fixed_length", column.dbType().startsWith("char") || column.dbType().startsWith("bpchar"));
        out.put("supports_multibyte", column.type() == ColumnType.TEXT);
        out.put("auto_increment", column.autoIncrement());
        out.put("is_primary_key", primary);
        out.put("is_unique", table.uniqueColumns().contains(column.name()));
        out.put("is_index", table.indexedColumns().contains(column.name()));
        out.put("is_foreign_key", reference.isPresent());
        out.put("ref_table", reference.map(ForeignKey::refTable).orElse(null));
        out.put("ref_field", reference.map(ForeignKey::refColumn).orElse(null));
        out.put("ref_on_update", reference.map(ForeignKey::onUpdate).orElse(null));
        out.put("ref_on_delete", reference.map(ForeignKey::onDelete).orElse(null));
        out.put("picklist", null);
        out.put("validation", null);
        out.put("db_function", null);
        out.put("is_virtual", false);
        out.put("is_aggregate", false);
        return out;
    }

    private static Map<String, Object> relation(Relation relation) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alias", null);
        out.put("name", relation.name());
        out.put("label", label(relation.name()));
        out.put("description", null);
        out.put("native", List.of());
        out.put("type", relation.type());
        out.put("field", List.of(relation.field()));
        out.put("is_virtual", false);
        out.put("ref_service_id", null);
        out.put("ref_table", relation.refTable());
        out.put("ref_field", List.of(relation.refField()));
        out.put("ref_on_update", null);
        out.put("ref_on_delete", null);
        out.put("junction_service_id", null);
        out.put("junction_table", relation.junctionTable());
        out.put("junction_field", relation.junctionField() == null ? null : List.of(relation.junctionField()));
        out.put("junction_ref_field", relation.junctionRefField() == null ? null : List.of(relation.junctionRefField()));
        out.put("always_fetch", false);
        out.put("flatten", false);
        out.put("flatten_drop_prefix", false);
        return out;
    }

    /** DreamFactory's simple type names. */
    private static String type(Column column, boolean primary, boolean reference) {
        String db = column.dbType();
        if (primary && column.autoIncrement()) {
            return "id";
        }
        if (reference) {
            return "reference";
        }
        return switch (column.type()) {
            case INTEGER -> db.contains("big") || db.equals("int8") ? "bigint"
                    : db.contains("small") || db.contains("tiny") || db.equals("int2") ? "smallint" : "integer";
            case DECIMAL -> db.contains("dec") || db.contains("numeric") || db.equals("money") ? "decimal"
                    : db.contains("doub") || db.equals("float8") ? "double" : "float";
            case BOOLEAN -> "boolean";
            case TEXT -> db.contains("char") && !db.contains("text") ? "string" : "text";
            case DATETIME -> db.contains("timestamp") ? "timestamp" : "datetime";
            case DATE -> "date";
            case TIME -> "time";
            case JSON -> "json";
            case BINARY -> "binary";
        };
    }

    /** "order_items" → "Order Items". */
    static String label(String name) {
        StringBuilder label = new StringBuilder();
        for (String word : name.split("_")) {
            if (!word.isEmpty()) {
                label.append(label.length() == 0 ? "" : " ").append(word.substring(0, 1).toUpperCase(Locale.ROOT))
                        .append(word.substring(1));
            }
        }
        return label.length() == 0 ? name : label.toString();
    }
}
