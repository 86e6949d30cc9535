package dev.portico.services;

import dev.portico.config.DatabaseEngine;
import dev.portico.filter.Field;
import dev.portico.filter.FieldCatalog;
import dev.portico.filter.FieldKind;
import dev.portico.filter.FilterRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One table (or view) of a service's database, read once and cached: its columns in order, primary
 * key, foreign keys, unique and indexed columns, and the relations DreamFactory would name. The
 * {@link #fields()} catalog is what filters may name. {@link #quotedName()} and {@link #quotedColumns()} are
 * the table's name and its column list as the engine's SQL writes them, made once rather than per statement.
 * Immutable and thread-safe.
 */
public record TableSchema(String name, boolean view, List<Column> columns, List<String> primaryKey,
                          List<ForeignKey> foreignKeys, Set<String> uniqueColumns, Set<String> indexedColumns,
                          List<Relation> relations, FieldCatalog fields, String quotedName, String quotedColumns) {
    public TableSchema {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
        uniqueColumns = Set.copyOf(uniqueColumns);
        indexedColumns = Set.copyOf(indexedColumns);
        relations = List.copyOf(relations);
    }

    static TableSchema of(String name, boolean view, List<Column> columns, List<String> primaryKey,
                          List<ForeignKey> foreignKeys, Set<String> unique, Set<String> indexed,
                          List<Relation> relations, DatabaseEngine engine) {
        List<Field> fields = new ArrayList<>();
        for (Column column : columns) {
            FieldKind kind = column.type().filterKind(engine);
            if (kind != null) {
                fields.add(new Field(column.name(), kind));
            }
        }
        return new TableSchema(name, view, columns, primaryKey, foreignKeys, unique, indexed, relations,
                FieldCatalog.of(fields), FilterRenderer.quote(engine, name), columns.stream()
                        .map(column -> FilterRenderer.quote(engine, column.name())).collect(Collectors.joining(", ")));
    }

    /** The column a client names, exactly or else ignoring case (as filters do). */
    public Optional<Column> column(String requested) {
        for (Column column : columns) {
            if (column.name().equals(requested)) {
                return Optional.of(column);
            }
        }
        List<Column> folded = columns.stream().filter(c -> c.name().equalsIgnoreCase(requested)).toList();
        return folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
    }

    public Optional<ForeignKey> foreignKey(String column) {
        return foreignKeys.stream().filter(key -> key.column().equals(column)).findFirst();
    }
}
