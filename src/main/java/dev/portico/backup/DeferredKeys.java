package dev.portico.backup;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and indexes of the PostgreSQL tables a load fills (primary keys, unique constraints, secondary
 * indexes, foreign keys), dropped before the rows go in and made again, from their own definitions, after:
 * building an index once and checking a foreign key with one join is several times faster than doing both
 * row by row. PostgreSQL's DDL is transactional, so all of it happens inside the load's transaction: a
 * failure rolls the schema back with the rows, and a duplicate id or unique value, or a row pointing at a
 * missing parent, fails {@link #restore} naming the key and the value. Not thread-safe.
 */
final class DeferredKeys {
    /** Constraints of one kind ('f' foreign key, 'u' unique, 'p' primary key) of the tables given. */
    private static final String CONSTRAINTS = "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            + "JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype::text = ? AND c.relnamespace = current_schema()::regnamespace "
            + "AND c.relname = ANY (?) ORDER BY k.oid";
    private static final String INDEXES = "SELECT x.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            + "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid "
            + "WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY (?) AND NOT i.indisprimary "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY i.indexrelid";

    private record Constraint(String table, String name, String definition) {
    }

    private record Index(String name, String definition) {
    }

    private final Connection connection;
    private final List<Constraint> foreignKeys = new ArrayList<>();
    private final List<Constraint> uniques = new ArrayList<>();
    private final List<Constraint> primaryKeys = new ArrayList<>();
    private final List<Index> indexes = new ArrayList<>();

    private DeferredKeys(Connection connection) {
        this.connection = connection;
    }

    /**
     * Drops the foreign keys, unique constraints, primary keys and secondary indexes of {@code tables};
     * remembers how to make them again.
     */
    static DeferredKeys drop(Connection connection, List<String> tables) throws SQLException {
        DeferredKeys keys = new DeferredKeys(connection);
        Array names = connection.createArrayOf("text", tables.toArray());
        keys.foreignKeys.addAll(constraints(connection, "f", names));
        keys.uniques.addAll(constraints(connection, "u", names));
        keys.primaryKeys.addAll(constraints(connection, "p", names));
        try (PreparedStatement query = connection.prepareStatement(INDEXES)) {
            query.setArray(1, names);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    keys.indexes.add(new Index(rows.getString(1), rows.getString(2)));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (Constraint key : keys.foreignKeys) { // first: a foreign key may need a unique constraint
                statement.execute("ALTER TABLE " + quote(key.table()) + " DROP CONSTRAINT " + quote(key.name()));
            }
            for (Constraint unique : keys.uniques) {
                statement.execute("ALTER TABLE " + quote(unique.table()) + " DROP CONSTRAINT " + quote(unique.name()));
            }
            for (Constraint primary : keys.primaryKeys) {
                statement.execute("ALTER TABLE " + quote(primary.table()) + " DROP CONSTRAINT " + quote(primary.name()));
            }
            for (Index index : keys.indexes) {
                statement.execute("DROP INDEX " + quote(index.name()));
            }
        }
        return keys;
    }

    /**
     * Builds the primary keys, indexes and unique constraints again (a duplicate fails naming the key and the
     * value), then adds the foreign keys, each checking every row at once.
     */
    void restore() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (Constraint primary : primaryKeys) {
                statement.execute("ALTER TABLE " + quote(primary.table()) + " ADD CONSTRAINT " + quote(primary.name()) + " "
                        + primary.definition());
            }
            for (Index index : indexes) {
                statement.execute(index.definition());
            }
            for (Constraint unique : uniques) {
                statement.execute("ALTER TABLE " + quote(unique.table()) + " ADD CONSTRAINT " + quote(unique.name()) + " "
                        + unique.definition());
            }
            for (Constraint key : foreignKeys) {
                statement.execute("ALTER TABLE " + quote(key.table()) + " ADD CONSTRAINT " + quote(key.name()) + " "
                        + key.definition());
            }
        }
    }

    private static List<Constraint> constraints(Connection connection, String kind, Array tables) throws SQLException {
        List<Constraint> found = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(CONSTRAINTS)) {
            query.setString(1, kind);
            query.setArray(2, tables);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(new Constraint(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return found;
    }

    private static String quote(String name) {
        return TargetTables.quote(dev.portico.config.DatabaseEngine.POSTGRESQL, name);
    }
}
