package dev.portico.systemdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrates a fresh system database on SQLite, PostgreSQL and MariaDB with the shipped Flyway
 * migrations and checks, through JDBC metadata, that the three schemas are the same. Backup,
 * restore and clone move rows between engines, so any drift here becomes a failed restore later.
 * PostgreSQL is the reference the other two are compared with.
 */
class SchemaParityTest {

    private static final Set<String> PORTICO_TABLES = Set.of(
            "instance", "user_account", "role", "service", "role_service_access", "app",
            "user_app_role", "event_script", "scheduled_task", "lookup", "cors_config",
            "email_template", "setting", "token_revocation");

    @TempDir
    static Path sqliteFolder;

    private static String sqliteUrl;
    private static String postgresBaseUrl;
    private static String postgresDatabase;
    private static String mysqlBaseUrl;
    private static String mysqlDatabase;
    private static Schema sqlite;
    private static Schema postgres;
    private static Schema mysql;
    private static List<String> mysqlStorageProblems;

    @BeforeAll
    static void migrate_a_fresh_database_on_every_engine() throws SQLException {
        sqliteUrl = "jdbc:sqlite:" + sqliteFolder.resolve("portico.db");
        sqlite = migrateAndRead(Engine.SQLITE, sqliteUrl);

        postgresBaseUrl = System.getProperty(
                "portico.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String database = uniqueDatabaseName();
        try (Connection server = connect(Engine.POSTGRESQL, postgresBaseUrl);
                Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            postgresDatabase = database;
        }
        postgres = migrateAndRead(Engine.POSTGRESQL, withDatabase(postgresBaseUrl, database));

        mysqlBaseUrl = System.getProperty(
                "portico.test.mysql.url", "jdbc:mariadb://127.0.0.1:3306/?user=root");
        database = uniqueDatabaseName();
        try (Connection server = connect(Engine.MYSQL, mysqlBaseUrl);
                Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            mysqlDatabase = database;
        }
        String mysqlUrl = withDatabase(mysqlBaseUrl, database);
        mysql = migrateAndRead(Engine.MYSQL, mysqlUrl);
        try (Connection connection = connect(Engine.MYSQL, mysqlUrl)) {
            mysqlStorageProblems = mysqlStorageProblems(connection, database);
        }
    }

    @AfterAll
    static void drop_the_server_databases() throws SQLException {
        if (postgresDatabase != null) {
            try (Connection server = connect(Engine.POSTGRESQL, postgresBaseUrl);
                    Statement statement = server.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + postgresDatabase + " WITH (FORCE)");
            }
        }
        if (mysqlDatabase != null) {
            try (Connection server = connect(Engine.MYSQL, mysqlBaseUrl);
                    Statement statement = server.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + mysqlDatabase);
            }
        }
    }

    @Test
    void all_engines_have_the_same_tables_and_columns() {
        assertEquals(new TreeSet<>(PORTICO_TABLES), postgres.tables().keySet(), "PostgreSQL tables after V1");
        assertSameAsPostgres("Tables", schema -> perTable(schema, table -> "present"));
        assertSameAsPostgres("Columns (in order)", schema -> perTable(schema,
                table -> table.columns().stream().map(Column::name).toList()));
    }

    @Test
    void every_column_has_the_same_nullability_and_default_on_all_engines() {
        assertSameAsPostgres("Nullability and defaults", schema -> perColumn(schema,
                column -> (column.nullable() ? "NULL" : "NOT NULL") + " DEFAULT " + column.defaultValue()));
    }

    @Test
    void every_column_has_an_equivalent_type_on_all_engines() {
        String differences = differences(perColumn(postgres, Column::type), perColumn(mysql, Column::type), "MySQL")
                + differences(perColumn(postgres, column -> Engine.sqliteStorageOf(column.type())),
                        perColumn(sqlite, Column::type), "SQLite");
        if (!differences.isEmpty()) {
            fail("Column types differ from PostgreSQL (for SQLite: from the storage and CHECK its type needs):"
                    + differences);
        }
    }

    @Test
    void every_table_has_id_as_its_primary_key_on_all_engines() {
        for (Schema schema : List.of(sqlite, postgres, mysql)) {
            schema.tables().values().forEach(table -> assertEquals(List.of("id"), table.primaryKey(),
                    schema.engine() + " primary key of " + table.name()));
        }
    }

    @Test
    void all_engines_have_the_same_foreign_keys_and_delete_rules() {
        assertTrue(postgres.tables().get("user_app_role").foreignKeys().contains(new ForeignKey(
                        "fk_user_app_role_user_id", "user_id", "user_account", "id", "CASCADE")),
                "PostgreSQL foreign keys of user_app_role: "
                        + postgres.tables().get("user_app_role").foreignKeys());
        assertSameAsPostgres("Foreign keys", schema -> perTable(schema, Table::foreignKeys));
    }

    @Test
    void all_engines_have_the_same_unique_keys_and_indexes() {
        assertTrue(postgres.tables().get("user_account").indexes().contains(
                        new Index("uq_user_account_email", true, List.of("email"))),
                "PostgreSQL indexes of user_account: " + postgres.tables().get("user_account").indexes());
        assertSameAsPostgres("Indexes", schema -> perTable(schema, Table::indexes));
    }

    @Test
    void every_foreign_key_column_is_indexed_on_all_engines() {
        for (Schema schema : List.of(sqlite, postgres, mysql)) {
            List<String> unindexed = new ArrayList<>();
            for (Table table : schema.tables().values()) {
                for (ForeignKey key : table.foreignKeys()) {
                    boolean indexed = table.indexes().stream()
                            .anyMatch(index -> index.columns().get(0).equals(key.column()));
                    if (!indexed) {
                        unindexed.add(table.name() + "." + key.column());
                    }
                }
            }
            assertEquals(List.of(), unindexed, schema.engine() + " foreign key columns without an index");
        }
    }

    @Test
    void mysql_tables_are_innodb_with_utf8mb4_bin_everywhere() {
        if (!mysqlStorageProblems.isEmpty()) {
            fail("MySQL tables and text columns must be InnoDB, utf8mb4, utf8mb4_bin:\n  "
                    + String.join("\n  ", mysqlStorageProblems));
        }
    }

    @Test
    void sqlite_declares_its_foreign_keys_and_enforces_them_when_enabled() throws SQLException {
        int declared = sqlite.tables().values().stream().mapToInt(table -> table.foreignKeys().size()).sum();
        int expected = postgres.tables().values().stream().mapToInt(table -> table.foreignKeys().size()).sum();
        assertEquals(expected, declared, "SQLite foreign keys declared");
        try (Connection connection = DriverManager.getConnection(sqliteUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = ON");
            SQLException rejected = assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "INSERT INTO user_app_role (user_id, app_id, role_id, created_at, updated_at)"
                            + " VALUES (41, 42, 43, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')"));
            assertTrue(rejected.getMessage().contains("FOREIGN KEY"), rejected.getMessage());
        }
    }

    private static void assertSameAsPostgres(String what, Function<Schema, Map<String, ?>> aspect) {
        Map<String, ?> expected = aspect.apply(postgres);
        assertFalse(expected.isEmpty(), what + ": PostgreSQL has none");
        String differences = differences(expected, aspect.apply(sqlite), "SQLite")
                + differences(expected, aspect.apply(mysql), "MySQL");
        if (!differences.isEmpty()) {
            fail(what + " differ from PostgreSQL:" + differences);
        }
    }

    /** One line per key whose value differs, so a failure names just the drifted tables or columns. */
    private static String differences(Map<String, ?> postgresAspect, Map<String, ?> other, String otherEngine) {
        Set<String> keys = new TreeSet<>(postgresAspect.keySet());
        keys.addAll(other.keySet());
        StringBuilder lines = new StringBuilder();
        for (String key : keys) {
            Object expected = postgresAspect.get(key);
            Object actual = other.get(key);
            if (!Objects.equals(expected, actual)) {
                lines.append("\n  ").append(key).append(": PostgreSQL ").append(expected)
                        .append(", ").append(otherEngine).append(' ').append(actual);
            }
        }
        return lines.toString();
    }

    private static <T> Map<String, T> perTable(Schema schema, Function<Table, T> aspect) {
        Map<String, T> result = new TreeMap<>();
        schema.tables().values().forEach(table -> result.put(table.name(), aspect.apply(table)));
        return result;
    }

    private static Map<String, String> perColumn(Schema schema, Function<Column, String> aspect) {
        Map<String, String> result = new TreeMap<>();
        for (Table table : schema.tables().values()) {
            table.columns().forEach(column -> result.put(table.name() + "." + column.name(), aspect.apply(column)));
        }
        return result;
    }

    private static Schema migrateAndRead(Engine engine, String url) throws SQLException {
        MigrateResult result = Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration/" + engine.folder)
                .load()
                .migrate();
        assertTrue(result.success && result.migrationsExecuted > 0,
                engine + " migration ran " + result.migrationsExecuted + " scripts, success=" + result.success);
        try (Connection connection = connect(engine, url)) {
            return Schema.read(engine, connection);
        }
    }

    private static Connection connect(Engine engine, String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new AssertionError(engine + " is not reachable at " + masked(url) + " (" + e.getMessage()
                    + "). SchemaParityTest needs a real server: " + engine.howToStart, e);
        }
    }

    /** Tables that are not InnoDB/utf8mb4_bin and text columns that override the charset or collation. */
    private static List<String> mysqlStorageProblems(Connection connection, String database) throws SQLException {
        List<String> problems = new ArrayList<>();
        problems.addAll(mysqlRowsOtherThan("InnoDB/utf8mb4_bin", connection, database,
                "SELECT table_name, concat(engine, '/', table_collation) FROM information_schema.tables"
                        + " WHERE table_schema = ? AND table_name <> 'flyway_schema_history'"));
        problems.addAll(mysqlRowsOtherThan("utf8mb4/utf8mb4_bin", connection, database,
                "SELECT concat(table_name, '.', column_name), concat(character_set_name, '/', collation_name)"
                        + " FROM information_schema.columns WHERE table_schema = ?"
                        + " AND table_name <> 'flyway_schema_history' AND collation_name IS NOT NULL"));
        return problems;
    }

    private static List<String> mysqlRowsOtherThan(String wanted, Connection connection, String database,
            String query) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (var statement = connection.prepareStatement(query)) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                int seen = 0;
                while (rows.next()) {
                    seen++;
                    if (!wanted.equals(rows.getString(2))) {
                        problems.add(rows.getString(1) + " is " + rows.getString(2) + ", not " + wanted);
                    }
                }
                if (seen == 0) {
                    problems.add("no rows for " + wanted + " checks: " + query);
                }
            }
        }
        return problems;
    }

    private static String uniqueDatabaseName() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        return "portico_t_" + HexFormat.of().formatHex(random);
    }

    /** Replaces the database in a JDBC URL's path, keeping the host and the query parameters. */
    private static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + database + parameters;
    }

    private static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    enum Engine {
        SQLITE("sqlite", "SQLite", "it runs in-process; check the sqlite-jdbc driver."),
        POSTGRESQL("postgresql", "PostgreSQL",
                "start PostgreSQL on 127.0.0.1:5432 with user postgres and trust auth"
                        + " (e.g. `sudo service postgresql start`), or point -Dportico.test.pg.url at one."),
        MYSQL("mysql", "MariaDB/MySQL",
                "start MariaDB on 127.0.0.1:3306 with user root and no password"
                        + " (e.g. `sudo service mariadb start`), or point -Dportico.test.mysql.url at one.");

        // SQLite column definitions such as: name TEXT NOT NULL CHECK (length(name) <= 64)
        private static final Pattern LENGTH_CHECK =
                Pattern.compile("(\\w+)\\s+TEXT\\b[^,]*CHECK \\(length\\(\\1\\) <= (\\d+)\\)");
        // and: is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
        private static final Pattern BOOLEAN_CHECK =
                Pattern.compile("(\\w+)\\s+INTEGER\\b[^,]*CHECK \\(\\1 IN \\(0, 1\\)\\)");

        final String folder;
        final String label;
        final String howToStart;

        Engine(String folder, String label, String howToStart) {
            this.folder = folder;
            this.label = label;
            this.howToStart = howToStart;
        }

        @Override
        public String toString() {
            return label;
        }

        /**
         * The engine-neutral type of a column: bigint, integer, boolean, varchar(n), text or
         * timestamp. For SQLite it is the storage plus the CHECK that stands in for the type.
         */
        String typeOf(String typeName, int size, int decimalDigits, String column, String tableSql) {
            String type = typeName.toLowerCase();
            return switch (this) {
                case SQLITE -> switch (type) {
                    case "integer" -> BOOLEAN_CHECK.matcher(tableSql).results()
                            .anyMatch(match -> match.group(1).equals(column)) ? "INTEGER 0/1" : "INTEGER";
                    case "text" -> LENGTH_CHECK.matcher(tableSql).results()
                            .filter(match -> match.group(1).equals(column))
                            .map(match -> "TEXT <= " + match.group(2)).findFirst().orElse("TEXT");
                    default -> "unexpected " + typeName;
                };
                case POSTGRESQL -> switch (type) {
                    case "int8" -> "bigint";
                    case "int4" -> "integer";
                    case "bool" -> "boolean";
                    case "varchar" -> "varchar(" + size + ")";
                    case "text" -> "text";
                    case "timestamp" -> "timestamp(" + decimalDigits + ")";
                    default -> "unexpected " + typeName;
                };
                case MYSQL -> switch (type) {
                    case "bigint" -> "bigint";
                    case "int", "integer" -> "integer";
                    case "bit", "boolean", "tinyint" -> "boolean";
                    case "varchar" -> "varchar(" + size + ")";
                    case "mediumtext" -> "text";
                    // MariaDB's driver reports a DATETIME(p) as 20 + p characters and no decimal digits.
                    case "datetime" -> "timestamp(" + (size - 20) + ")";
                    default -> "unexpected " + typeName;
                };
            };
        }

        static String sqliteStorageOf(String type) {
            Matcher varchar = Pattern.compile("varchar\\((\\d+)\\)").matcher(type);
            if (varchar.matches()) {
                return "TEXT <= " + varchar.group(1);
            }
            return switch (type) {
                case "bigint", "integer" -> "INTEGER";
                case "boolean" -> "INTEGER 0/1";
                case "text" -> "TEXT";
                default -> type.startsWith("timestamp") ? "TEXT" : "no SQLite storage for " + type;
            };
        }
    }

    record Column(String name, boolean nullable, String type, String defaultValue) {
    }

    record ForeignKey(String name, String column, String referencedTable, String referencedColumn, String onDelete) {
        @Override
        public String toString() {
            return name + ": " + column + " -> " + referencedTable + "(" + referencedColumn + ") ON DELETE " + onDelete;
        }
    }

    record Index(String name, boolean unique, List<String> columns) {
        @Override
        public String toString() {
            return (unique ? "unique " : "") + name + columns;
        }
    }

    record Table(String name, List<Column> columns, List<String> primaryKey, Set<ForeignKey> foreignKeys,
            Set<Index> indexes) {
    }

    /** What JDBC metadata says about one migrated database, with names and types made comparable. */
    record Schema(Engine engine, Map<String, Table> tables) {

        static Schema read(Engine engine, Connection connection) throws SQLException {
            DatabaseMetaData metadata = connection.getMetaData();
            String catalog = connection.getCatalog();
            String schema = connection.getSchema();
            List<String> names = new ArrayList<>();
            try (ResultSet rows = metadata.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    String name = rows.getString("TABLE_NAME").toLowerCase();
                    if (!name.equals("flyway_schema_history") && !name.startsWith("sqlite_")) {
                        names.add(name);
                    }
                }
            }
            Map<String, Table> tables = new TreeMap<>();
            for (String name : names) {
                String tableSql = engine == Engine.SQLITE ? sqliteTableSql(connection, name) : "";
                tables.put(name, new Table(name, columns(engine, metadata, catalog, schema, name, tableSql),
                        primaryKey(metadata, catalog, schema, name), foreignKeys(metadata, catalog, schema, name),
                        indexes(metadata, catalog, schema, name)));
            }
            return new Schema(engine, tables);
        }

        private static List<Column> columns(Engine engine, DatabaseMetaData metadata, String catalog, String schema,
                String table, String tableSql) throws SQLException {
            List<Column> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(catalog, schema, table, "%")) {
                while (rows.next()) {
                    String name = rows.getString("COLUMN_NAME").toLowerCase();
                    columns.add(new Column(name, "YES".equals(rows.getString("IS_NULLABLE")),
                            engine.typeOf(rows.getString("TYPE_NAME"), rows.getInt("COLUMN_SIZE"),
                                    rows.getInt("DECIMAL_DIGITS"), name, tableSql),
                            normalizedDefault(rows.getString("COLUMN_DEF"))));
                }
            }
            return columns;
        }

        /** Spells defaults alike: PostgreSQL's 'and'::character varying and true, MySQL's 1, SQLite's 'and'. */
        private static String normalizedDefault(String columnDefault) {
            if (columnDefault == null || columnDefault.equalsIgnoreCase("null")) {
                return null;
            }
            String value = columnDefault.replaceFirst("::[\\w ]+$", "");
            value = value.matches("'.*'") ? value.substring(1, value.length() - 1) : value;
            return switch (value.toLowerCase()) {
                case "true" -> "1";
                case "false" -> "0";
                default -> value;
            };
        }

        private static List<String> primaryKey(DatabaseMetaData metadata, String catalog, String schema, String table)
                throws SQLException {
            Map<Integer, String> columns = new TreeMap<>();
            try (ResultSet rows = metadata.getPrimaryKeys(catalog, schema, table)) {
                while (rows.next()) {
                    columns.put(rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME").toLowerCase());
                }
            }
            return List.copyOf(columns.values());
        }

        private static Set<ForeignKey> foreignKeys(DatabaseMetaData metadata, String catalog, String schema,
                String table) throws SQLException {
            Set<ForeignKey> keys = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
            try (ResultSet rows = metadata.getImportedKeys(catalog, schema, table)) {
                while (rows.next()) {
                    keys.add(new ForeignKey(String.valueOf(rows.getString("FK_NAME")).toLowerCase(),
                            rows.getString("FKCOLUMN_NAME").toLowerCase(), rows.getString("PKTABLE_NAME").toLowerCase(),
                            rows.getString("PKCOLUMN_NAME").toLowerCase(), deleteRule(rows.getShort("DELETE_RULE"))));
                }
            }
            return keys;
        }

        private static String deleteRule(short rule) {
            return switch (rule) {
                case DatabaseMetaData.importedKeyCascade -> "CASCADE";
                case DatabaseMetaData.importedKeySetNull -> "SET NULL";
                case DatabaseMetaData.importedKeySetDefault -> "SET DEFAULT";
                case DatabaseMetaData.importedKeyRestrict, DatabaseMetaData.importedKeyNoAction -> "NO ACTION";
                default -> "unknown rule " + rule;
            };
        }

        /** Secondary indexes; the primary key's own index is left out, as SQLite has none. */
        private static Set<Index> indexes(DatabaseMetaData metadata, String catalog, String schema, String table)
                throws SQLException {
            Map<String, Map<Integer, String>> columns = new TreeMap<>();
            Map<String, Boolean> unique = new LinkedHashMap<>();
            try (ResultSet rows = metadata.getIndexInfo(catalog, schema, table, false, false)) {
                while (rows.next()) {
                    String name = rows.getString("INDEX_NAME");
                    if (name == null || rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
                            || name.equals("PRIMARY") || name.endsWith("_pkey")) {
                        continue;
                    }
                    columns.computeIfAbsent(name.toLowerCase(), key -> new TreeMap<>())
                            .put(rows.getInt("ORDINAL_POSITION"), rows.getString("COLUMN_NAME").toLowerCase());
                    unique.put(name.toLowerCase(), !rows.getBoolean("NON_UNIQUE"));
                }
            }
            Set<Index> indexes = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
            columns.forEach((name, byPosition) -> indexes.add(
                    new Index(name, unique.get(name), List.copyOf(byPosition.values()))));
            return indexes;
        }

        private static String sqliteTableSql(Connection connection, String table) throws SQLException {
            try (var statement = connection.prepareStatement(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                statement.setString(1, table);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        fail("SQLite has no CREATE TABLE for " + table);
                    }
                    return rows.getString(1);
                }
            }
        }
    }
}
