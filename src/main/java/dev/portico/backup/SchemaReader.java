package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the system database's tables, columns and foreign keys from JDBC metadata, maps each column to
 * its neutral type, and puts the tables in the order a restore loads them. Not thread-safe.
 */
final class SchemaReader {
    /** Migration history: the archive records the schema version instead. */
    static final Set<String> EXCLUDED = Set.of("flyway_schema_history");

    private final Connection connection;
    private final DatabaseEngine engine;
    private final DatabaseMetaData meta;
    private final String catalog;
    private final String schema;
    private Map<String, List<Key>> schemaKeys;

    /** A foreign key column and the table it references, both lower case. */
    private record Key(String column, String table) {
    }

    SchemaReader(Connection connection, DatabaseEngine engine) throws SQLException {
        this.connection = connection;
        this.engine = engine;
        this.meta = connection.getMetaData();
        this.catalog = engine == DatabaseEngine.SQLITE ? null : connection.getCatalog();
        this.schema = engine == DatabaseEngine.POSTGRESQL ? connection.getSchema() : null;
    }

    /** Every table in foreign-key-safe load order. */
    List<TableSchema> tables() throws SQLException {
        Map<String, TableSchema> byName = new TreeMap<>();
        for (String name : tableNames()) {
            byName.put(name, table(name, true));
        }
        return loadOrder(byName);
    }

    /**
     * Every table with its columns but no references, by name: enough to scan values, and much faster
     * on SQLite, whose driver reads foreign keys by parsing every table's SQL.
     */
    List<TableSchema> columnsOnly() throws SQLException {
        List<TableSchema> tables = new ArrayList<>();
        for (String name : tableNames()) {
            tables.add(table(name, false));
        }
        return tables;
    }

    /** The names of Portico's tables, lower case, sorted. */
    private List<String> tableNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!EXCLUDED.contains(name) && !name.startsWith("sqlite_")) {
                    names.add(name);
                }
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    private TableSchema table(String name, boolean withReferences) throws SQLException {
        String tableSql = engine == DatabaseEngine.SQLITE ? sqliteTableSql(name) : "";
        List<BackupManifest.Column> columns = new ArrayList<>();
        Map<String, Boolean> nullable = new HashMap<>();
        try (ResultSet rows = meta.getColumns(catalog, schema, name, "%")) {
            while (rows.next()) {
                String column = rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                String typeName = rows.getString("TYPE_NAME");
                ColumnType type = switch (engine) {
                    case POSTGRESQL -> ColumnType.ofPostgresql(name, column, typeName);
                    case MYSQL -> ColumnType.ofMysql(name, column, typeName);
                    case SQLITE -> ColumnType.ofSqlite(name, column, typeName, Pattern.compile(
                            "CHECK\\s*\\(\\s*" + column + "\\s+IN\\s*\\(\\s*0\\s*,\\s*1\\s*\\)\\s*\\)",
                            Pattern.CASE_INSENSITIVE).matcher(tableSql).find());
                };
                columns.add(new BackupManifest.Column(column, type));
                nullable.put(column, "YES".equals(rows.getString("IS_NULLABLE")));
            }
        }
        List<TableSchema.Reference> references = new ArrayList<>();
        for (Key key : withReferences ? importedKeys(name) : List.<Key>of()) {
            references.add(new TableSchema.Reference(key.column(), key.table(), nullable.getOrDefault(key.column(), true)));
        }
        references.sort(Comparator.comparing(TableSchema.Reference::column));
        return new TableSchema(name, columns, references);
    }

    /** The foreign keys of {@code table}. */
    private List<Key> importedKeys(String table) throws SQLException {
        if (engine == DatabaseEngine.SQLITE) {
            return sqliteKeys(table);
        }
        // the drivers' getImportedKeys takes 0.1–0.4 s a call on PostgreSQL and a query per table on MariaDB: one
        // catalog query for the whole schema instead, once
        if (schemaKeys == null) {
            schemaKeys = schemaKeys();
        }
        return schemaKeys.getOrDefault(table, List.of());
    }

    /**
     * SQLite's foreign keys straight from {@code PRAGMA foreign_key_list}: the driver's getImportedKeys
     * re-parses every referenced table's CREATE statement with regular expressions, seconds per schema.
     */
    private List<Key> sqliteKeys(String table) throws SQLException {
        List<Key> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?) ORDER BY id, seq")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(new Key(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2).toLowerCase(Locale.ROOT)));
                }
            }
        }
        return keys;
    }

    /** Every foreign key column of the schema, by table: one row per column of each key. */
    private Map<String, List<Key>> schemaKeys() throws SQLException {
        String sql = engine == DatabaseEngine.POSTGRESQL
                ? "SELECT t.relname, a.attname, r.relname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
                        + "JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class r ON r.oid = k.confrelid "
                        + "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) "
                        + "WHERE k.contype = 'f' AND n.nspname = ?"
                : "SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE "
                        + "WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL";
        Map<String, List<Key>> byTable = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, engine == DatabaseEngine.POSTGRESQL ? schema : catalog);
            try (ResultSet keys = statement.executeQuery()) {
                while (keys.next()) {
                    byTable.computeIfAbsent(keys.getString(1).toLowerCase(Locale.ROOT), t -> new ArrayList<>())
                            .add(new Key(keys.getString(2).toLowerCase(Locale.ROOT), keys.getString(3).toLowerCase(Locale.ROOT)));
                }
            }
        }
        return byTable;
    }

    /**
     * Tables whose references are all loaded come next (by name, so the order is the same on every
     * engine). A cycle (user_account.default_app_id → app → user_account) is broken at the table with
     * the fewest missing references (all nullable), then the most referenced: restore fills those in afterwards.
     */
    static List<TableSchema> loadOrder(Map<String, TableSchema> byName) {
        Map<String, TableSchema> remaining = new TreeMap<>(byName);
        Map<String, TableSchema> ordered = new LinkedHashMap<>();
        while (!remaining.isEmpty()) {
            TableSchema next = remaining.values().stream().filter(table -> missing(table, ordered) == 0).findFirst()
                    .orElseGet(() -> remaining.values().stream()
                            .filter(table -> table.references().stream().allMatch(
                                    ref -> ref.nullable() || ordered.containsKey(ref.table()) || ref.table().equals(table.name())))
                            .min(Comparator.comparingLong((TableSchema table) -> missing(table, ordered))
                                    .thenComparing(table -> -referencedBy(table, remaining)))
                            .orElseThrow(() -> new IllegalStateException("the tables " + remaining.keySet()
                                    + " reference each other through NOT NULL columns; no load order exists")));
            ordered.put(next.name(), next);
            remaining.remove(next.name());
        }
        return List.copyOf(ordered.values());
    }

    private static long referencedBy(TableSchema table, Map<String, TableSchema> remaining) {
        return remaining.values().stream().filter(other -> other != table)
                .filter(other -> other.references().stream().anyMatch(ref -> ref.table().equals(table.name()))).count();
    }

    private static long missing(TableSchema table, Map<String, TableSchema> loaded) {
        return table.references().stream()
                .filter(ref -> !ref.table().equals(table.name()) && !loaded.containsKey(ref.table())).count();
    }

    private String sqliteTableSql(String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        }
    }
}
