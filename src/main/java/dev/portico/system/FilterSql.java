package dev.portico.system;

import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.filter.Field;
import dev.portico.filter.FieldCatalog;
import dev.portico.filter.FieldKind;
import dev.portico.filter.FilterParser;
import dev.portico.filter.FilterRenderer;
import dev.portico.filter.SqlCondition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code filter} parameter of a system resource, rendered to SQL over that resource's columns.
 * Only plain fields can be filtered on: sealed secrets, password hashes and JSON documents cannot.
 * Thread-safe.
 */
final class FilterSql {
    /** A WHERE condition and the values bound to its placeholders. */
    record Condition(String sql, List<Object> parameters) {
    }

    private final DatabaseEngine engine;
    private final FilterRenderer renderer = new FilterRenderer();

    FilterSql(DatabaseEngine engine) {
        this.engine = engine;
    }

    Condition condition(ResourceSpec resource, String filter, Function<String, Optional<Object>> lookups) {
        FieldCatalog fields = requested -> resource.field(requested).flatMap(FilterSql::filterable);
        try {
            SqlCondition condition = renderer.render(FilterParser.parse(filter), fields, engine, Map.of(), lookups);
            return new Condition(condition.sql(), condition.parameters());
        } catch (PorticoException error) {
            throw new PorticoException(error.code(), inApiNames(resource, error.getMessage()));
        }
    }

    /** The renderer names columns; a client knows the API's names (created_date, not created_at). */
    private static String inApiNames(ResourceSpec resource, String message) {
        String named = message;
        for (FieldSpec field : resource.fields()) {
            if (!field.column().equals(field.name())) {
                named = named.replace("'" + field.column() + "'", "'" + field.name() + "'");
            }
        }
        return named;
    }

    private static Optional<Field> filterable(FieldSpec field) {
        if (field.has(FieldSpec.Rule.PASSWORD) || field.has(FieldSpec.Rule.SECRET)
                || field.has(FieldSpec.Rule.SECRET_MEMBERS)) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (field.kind()) {
            case ID, INTEGER -> FieldKind.INTEGER;
            case BOOLEAN -> FieldKind.BOOLEAN;
            case TEXT -> FieldKind.TEXT;
            case TIMESTAMP -> FieldKind.TIMESTAMP;
            case JSON -> null;
        }).map(kind -> new Field(field.column(), kind));
    }
}
