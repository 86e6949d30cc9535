package dev.portico.filter;

import java.util.List;
import java.util.Objects;

/**
 * A rendered filter: SQL for a WHERE clause made only of quoted column names, fixed operator
 * keywords, parentheses and {@code ?} placeholders, and the values to bind to them, in order.
 * The parameters are never null and must never be logged.
 */
public record SqlCondition(String sql, List<Object> parameters) {
    public SqlCondition {
        Objects.requireNonNull(sql, "sql");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("A condition needs SQL");
        }
        parameters = List.copyOf(parameters);
    }

    @Override
    public String toString() {
        // Bound values may be private lookups; show how many there are, never what they are.
        return "SqlCondition[sql=" + sql + ", parameters=" + parameters.size() + " bound]";
    }
}
