package dev.portico.services;

/**
 * One column of a service's table as its database declares it. {@code size} and {@code scale} are
 * null when the database does not say. Immutable.
 */
public record Column(String name, String dbType, int jdbcType, ColumnType type, Integer size, Integer scale,
                     boolean nullable, String defaultValue, boolean autoIncrement) {
    /** Whether an insert may leave this column out: it has a default, takes null, or is generated. */
    public boolean optionalOnInsert() {
        return nullable || defaultValue != null || autoIncrement;
    }
}
