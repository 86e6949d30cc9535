package dev.portico.restapi;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.filter.FilterNode;
import dev.portico.filter.FilterRenderer;
import dev.portico.filter.Operator;
import dev.portico.filter.SqlCondition;
import dev.portico.filter.Value;
import dev.portico.services.Column;
import dev.portico.services.ColumnType;
import dev.portico.services.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The WHERE clause of one statement on one table, built from parts that are each a filter tree —
 * the client's filter, record keys, the role's row filters — ANDed and rendered once by
 * {@link FilterRenderer}: identifiers checked against the table and quoted, values bound. Not
 * thread-safe; one per statement.
 */
final class Conditions {
    private static final FilterRenderer RENDERER = new FilterRenderer();
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,19}");

    private final TableSchema table;
    private final DatabaseEngine engine;
    private final List<FilterNode> parts = new ArrayList<>();
    private Function<String, Optional<Object>> lookups = name -> Optional.empty();

    Conditions(TableSchema table, DatabaseEngine engine) {
        this.table = table;
        this.engine = engine;
    }

    /** The client's parsed {@code filter}, whose {@code {lookup}} values come from the caller's session. */
    Conditions filter(Optional<FilterNode> filter, Function<String, Optional<Object>> callerLookups) {
        filter.ifPresent(parts::add);
        this.lookups = callerLookups;
        return this;
    }

    Conditions rows(Optional<FilterNode> rowFilter) {
        rowFilter.ifPresent(parts::add);
        return this;
    }

    /** The record whose key column holds {@code id}. */
    Conditions key(Column key, String id) {
        parts.add(new FilterNode.Comparison(key.name(), Operator.EQ, List.of(keyValue(key, id))));
        return this;
    }

    /** The records whose key column holds one of {@code ids}. */
    Conditions keys(Column key, List<String> ids) {
        if (!ids.isEmpty()) {
            parts.add(new FilterNode.Comparison(key.name(), Operator.IN, ids.stream().map(id -> keyValue(key, id)).toList()));
        }
        return this;
    }

    /** {@code " WHERE …"} or "", with the values to bind added to {@code parameters}. */
    String render(List<Object> parameters) {
        if (parts.isEmpty()) {
            return "";
        }
        FilterNode node = parts.size() == 1 ? parts.get(0) : new FilterNode.And(parts);
        SqlCondition condition = RENDERER.render(node, table.fields(), engine, Map.of(), lookups);
        parameters.addAll(condition.parameters());
        return " WHERE " + condition.sql();
    }

    private Value keyValue(Column key, String id) {
        if (key.type() == ColumnType.INTEGER && !WHOLE.matcher(id).matches()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Records of table '" + table.name() + "' are identified "
                    + "by '" + key.name() + "', a whole number; '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
                    + "' is not one.");
        }
        return new Value.Text(id);
    }
}
