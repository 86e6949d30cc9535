package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How big a backup of the system database would be, estimated without reading the rows: the row count
 * of every table a backup writes, and the bytes the engine stores them in (SQLite's pages, PostgreSQL's
 * table sizes, InnoDB's data length). The archive's deflated rows are usually smaller than that, so the
 * estimate errs on the side of room. Immutable.
 */
public record BackupSize(int tables, long rows, long bytes) {
    /** Bytes a backup needs beyond its rows: the manifest and the ZIP's own structure, with room to spare. */
    public static final long MARGIN = 1_000_000;

    /** The estimate for the database on {@code connection}; reads counts and statistics only. */
    public static BackupSize estimate(Connection connection, DatabaseEngine engine) throws SQLException {
        List<String> tables = tables(connection, engine);
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            String quote = engine == DatabaseEngine.MYSQL ? "`" : "\"";
            for (String table : tables) {
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + quote + table + quote)) {
                    count.next();
                    rows += count.getLong(1);
                }
            }
            return new BackupSize(tables.size(), rows, storedBytes(statement, engine));
        }
    }

    /** The free space a backup of this size needs. */
    public long needed() {
        return bytes + MARGIN;
    }

    private static List<String> tables(Connection connection, DatabaseEngine engine) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = engine == DatabaseEngine.SQLITE ? null : connection.getCatalog();
        String schema = engine == DatabaseEngine.POSTGRESQL ? connection.getSchema() : null;
        List<String> names = new ArrayList<>();
        try (ResultSet rows = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME");
                String lower = name.toLowerCase(Locale.ROOT);
                if (!SchemaReader.EXCLUDED.contains(lower) && !lower.startsWith("sqlite_")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static long storedBytes(Statement statement, DatabaseEngine engine) throws SQLException {
        String sql = switch (engine) {
            // the whole file's pages: indexes and the migration history too, a little more than the rows
            case SQLITE -> "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
            case POSTGRESQL -> "SELECT COALESCE(SUM(pg_table_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' "
                    + "AND c.relname <> 'flyway_schema_history'";
            case MYSQL -> "SELECT COALESCE(SUM(data_length), 0) FROM information_schema.tables "
                    + "WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history'";
        };
        try (ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getLong(1) : 0;
        }
    }
}
