package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The tables of a target database, quoting of identifiers, and dropping what a failed restore created. */
final class TargetTables {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private TargetTables() {
    }

    /** The names of every table in the connection's schema, in lower case. */
    static Set<String> list(Connection connection, DatabaseEngine engine) throws SQLException {
        Set<String> tables = new TreeSet<>();
        String catalog = engine == DatabaseEngine.SQLITE ? null : connection.getCatalog();
        String schema = engine == DatabaseEngine.POSTGRESQL ? connection.getSchema() : null;
        try (ResultSet rows = connection.getMetaData().getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.startsWith("sqlite_")) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }

    /** Rows in those of {@code tables} that exist in the target. */
    static long rows(Connection connection, DatabaseEngine engine, Collection<String> tables) throws SQLException {
        Set<String> present = list(connection, engine);
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                if (present.contains(table)) {
                    try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + quote(engine, table))) {
                        count.next();
                        rows += count.getLong(1);
                    }
                }
            }
        }
        return rows;
    }

    /** Drops {@code tables} with foreign-key checks off, so their order does not matter. */
    static void drop(Connection connection, DatabaseEngine engine, Collection<String> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            switch (engine) {
                case SQLITE -> statement.execute("PRAGMA foreign_keys = OFF");
                case MYSQL -> statement.execute("SET FOREIGN_KEY_CHECKS = 0");
                case POSTGRESQL -> { }
            }
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + quote(engine, table)
                        + (engine == DatabaseEngine.POSTGRESQL ? " CASCADE" : ""));
            }
            switch (engine) {
                case SQLITE -> statement.execute("PRAGMA foreign_keys = ON");
                case MYSQL -> statement.execute("SET FOREIGN_KEY_CHECKS = 1");
                case POSTGRESQL -> { }
            }
        }
    }

    /** A table or column name from an archive, checked to be a plain identifier, then quoted. */
    static String quote(DatabaseEngine engine, String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a Portico table or column name");
        }
        return engine == DatabaseEngine.MYSQL ? "`" + name + "`" : "\"" + name + "\"";
    }
}
