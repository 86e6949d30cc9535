package dev.portico.auth.rbac;

/**
 * One server-side row filter of an access rule ({@code {"name","operator","value"}} in DreamFactory's
 * {@code filters} JSON). The value may hold {@code {lookup}} references; {@link RowFilters} substitutes
 * them. A null value is stored as "" (DreamFactory writes "" for operators such as "is null").
 */
public record RowFilter(String field, String operator, String value) {
    public RowFilter {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("A row filter needs a field name; got '" + field + "'.");
        }
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("The row filter on '" + field + "' needs an operator such as '='.");
        }
        value = value == null ? "" : value;
    }

    RowFilter withValue(String newValue) {
        return new RowFilter(field, operator, newValue);
    }
}
