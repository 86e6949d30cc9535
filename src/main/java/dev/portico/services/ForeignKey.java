package dev.portico.services;

/**
 * One column of a foreign key: {@code table.column} refers to {@code refTable.refColumn}, with the
 * referential actions as the database reports them (null when it does not). Immutable.
 */
public record ForeignKey(String table, String column, String refTable, String refColumn, String onUpdate,
                         String onDelete) {
}
