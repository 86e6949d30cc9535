package dev.portico.services;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads tables, columns, keys and indexes of a service's database through JDBC metadata: the
 * connection's current database (MySQL/MariaDB) or schema (PostgreSQL's search path, usually
 * {@code public}). Table names in metadata calls are LIKE patterns, so every answer is checked for
 * the exact name. Stateless; not thread-safe only in that the connection is the caller's.
 */
final class MetadataReader {
    private final DatabaseEngine engine;
    private final DatabaseMetaData meta;
    private final String catalog;
    private final String schema;

    MetadataReader(Connection connection, DatabaseEngine engine) throws SQLException {
        this.engine = engine;
        this.meta = connection.getMetaData();
        this.catalog = engine == DatabaseEngine.MYSQL ? connection.getCatalog() : null;
        this.schema = engine == DatabaseEngine.POSTGRESQL ? connection.getSchema() : null;
    }

    /** Every table and view, by name in the database's spelling, sorted; true for a view. */
    Map<String, Boolean> tables() throws SQLException {
        Map<String, Boolean> tables = new TreeMap<>();
        try (ResultSet rows = meta.getTables(catalog, schema, "%", new String[] {"TABLE", "VIEW"})) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME");
                if (engine == DatabaseEngine.SQLITE && name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                    continue;
                }
                tables.put(name, "VIEW".equalsIgnoreCase(rows.getString("TABLE_TYPE")));
            }
        }
        return tables;
    }

    TableSchema table(String name, boolean view) throws SQLException {
        List<String> primaryKey = primaryKey(name);
        List<ForeignKey> imported = foreignKeys(name, true);
        Set<String> unique = new HashSet<>();
        Set<String> indexed = new HashSet<>();
        indexes(name, unique, indexed);
        if (primaryKey.size() == 1) {
            unique.add(primaryKey.get(0));
            indexed.add(primaryKey.get(0));
        }
        List<Column> columns = columns(name, primaryKey);
        return TableSchema.of(name, view, columns, primaryKey, imported, unique, indexed,
                relations(name, imported), engine);
    }

    private List<Column> columns(String table, List<String> primaryKey) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (ResultSet rows = meta.getColumns(catalog, schema, table, "%")) {
            while (rows.next()) {
                if (!table.equals(rows.getString("TABLE_NAME"))) {
                    continue;
                }
                String name = rows.getString("COLUMN_NAME");
                String dbType = rows.getString("TYPE_NAME");
                int jdbcType = rows.getInt("DATA_TYPE");
                int size = rows.getInt("COLUMN_SIZE");
                Integer sizeOrNull = rows.wasNull() ? null : size;
                int scale = rows.getInt("DECIMAL_DIGITS");
                Integer scaleOrNull = rows.wasNull() ? null : scale;
                ColumnType type = ColumnType.classify(dbType, jdbcType);
                String generated = rows.getString("IS_AUTOINCREMENT");
                // SQLite: an INTEGER PRIMARY KEY is the rowid, numbered by the database with or without AUTOINCREMENT
                boolean autoIncrement = "YES".equalsIgnoreCase(generated) || engine == DatabaseEngine.SQLITE
                        && primaryKey.equals(List.of(name)) && type == ColumnType.INTEGER;
                columns.add(new Column(name, dbType == null ? "" : dbType.toLowerCase(Locale.ROOT), jdbcType, type,
                        sizeOrNull, scaleOrNull, rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
                        rows.getString("COLUMN_DEF"), autoIncrement));
            }
        }
        return columns;
    }

    private List<String> primaryKey(String table) throws SQLException {
        Map<Integer, String> ordered = new TreeMap<>();
        try (ResultSet rows = meta.getPrimaryKeys(catalog, schema, table)) {
            while (rows.next()) {
                if (table.equals(rows.getString("TABLE_NAME"))) {
                    ordered.put(rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME"));
                }
            }
        }
        return new ArrayList<>(ordered.values());
    }

    /** The keys of {@code table} to others ({@code imported}), or of others to it. */
    private List<ForeignKey> foreignKeys(String table, boolean imported) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (ResultSet rows = imported ? meta.getImportedKeys(catalog, schema, table)
                : meta.getExportedKeys(catalog, schema, table)) {
            while (rows.next()) {
                String owner = rows.getString("FKTABLE_NAME");
                String target = rows.getString("PKTABLE_NAME");
                if (!table.equals(imported ? owner : target)) {
                    continue;
                }
                keys.add(new ForeignKey(owner, rows.getString("FKCOLUMN_NAME"), target, rows.getString("PKCOLUMN_NAME"),
                        rule(rows.getShort("UPDATE_RULE")), rule(rows.getShort("DELETE_RULE"))));
            }
        }
        return keys;
    }

    private void indexes(String table, Set<String> unique, Set<String> indexed) throws SQLException {
        Map<String, List<String>> uniqueIndexes = new LinkedHashMap<>();
        try (ResultSet rows = meta.getIndexInfo(catalog, schema, table, false, true)) {
            while (rows.next()) {
                String column = rows.getString("COLUMN_NAME");
                if (column == null || !table.equals(rows.getString("TABLE_NAME"))) {
                    continue;
                }
                indexed.add(column);
                if (!rows.getBoolean("NON_UNIQUE")) {
                    uniqueIndexes.computeIfAbsent(String.valueOf(rows.getString("INDEX_NAME")), n -> new ArrayList<>())
                            .add(column);
                }
            }
        }
        uniqueIndexes.values().stream().filter(columns -> columns.size() == 1).forEach(columns -> unique.add(columns.get(0)));
    }

    /** belongs_to for each key of this table, has_many for each key to it, many_many through each junction. */
    private List<Relation> relations(String table, List<ForeignKey> imported) throws SQLException {
        Map<String, Relation> relations = new LinkedHashMap<>();
        imported.forEach(key -> relations.putIfAbsent(Relation.belongsTo(key).name(), Relation.belongsTo(key)));
        List<ForeignKey> exported = foreignKeys(table, false);
        exported.forEach(key -> relations.putIfAbsent(Relation.hasMany(key).name(), Relation.hasMany(key)));
        Set<String> junctions = new LinkedHashSet<>();
        exported.forEach(key -> junctions.add(key.table()));
        for (String junction : junctions) {
            List<ForeignKey> junctionKeys = foreignKeys(junction, true);
            for (ForeignKey toThis : junctionKeys) {
                if (!toThis.refTable().equals(table)) {
                    continue;
                }
                for (ForeignKey toOther : junctionKeys) {
                    if (!toOther.column().equals(toThis.column())) {
                        Relation relation = Relation.manyMany(toThis, toOther);
                        relations.putIfAbsent(relation.name(), relation);
                    }
                }
            }
        }
        return new ArrayList<>(relations.values());
    }

    private static String rule(short rule) {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> "CASCADE";
            case DatabaseMetaData.importedKeySetNull -> "SET NULL";
            case DatabaseMetaData.importedKeySetDefault -> "SET DEFAULT";
            case DatabaseMetaData.importedKeyRestrict -> "RESTRICT";
            case DatabaseMetaData.importedKeyNoAction -> "NO ACTION";
            default -> null;
        };
    }
}
