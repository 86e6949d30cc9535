package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Referential integrity: for every foreign key in the schema (from JDBC metadata, as {@link SchemaReader}
 * reads it), no row points at a parent that does not exist. Such rows get in only with the engine's
 * checks switched off (SQLite {@code PRAGMA foreign_keys=OFF}, MySQL {@code FOREIGN_KEY_CHECKS=0}) or
 * by hand. Every foreign key of Portico's schema references its table's {@code id}. Not thread-safe.
 */
final class ReferenceCheck {
    private final Connection connection;
    private final DatabaseEngine engine;

    ReferenceCheck(Connection connection, DatabaseEngine engine) {
        this.connection = connection;
        this.engine = engine;
    }

    Check check(List<TableSchema> tables) throws SQLException {
        List<String> problems = new ArrayList<>();
        int keys = 0;
        for (TableSchema table : tables) {
            for (TableSchema.Reference reference : table.references()) {
                keys++;
                orphans(table.name(), reference).ifPresent(problems::add);
            }
        }
        return Check.of("references", problems, keys + " foreign keys, no row points at a missing parent");
    }

    private java.util.Optional<String> orphans(String table, TableSchema.Reference reference) throws SQLException {
        String column = TargetTables.quote(engine, reference.column());
        String sql = "SELECT c.id FROM " + TargetTables.quote(engine, table) + " c LEFT JOIN "
                + TargetTables.quote(engine, reference.table()) + " p ON p.id = c." + column
                + " WHERE c." + column + " IS NOT NULL AND p.id IS NULL ORDER BY c.id";
        List<Long> ids = new ArrayList<>();
        long count = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                count++;
                if (ids.size() < RowMerge.SHOWN) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        if (count == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(table + "." + reference.column() + " → " + reference.table() + ": " + count
                + " row(s) point at a missing " + reference.table() + " (ids " + ids + (count > ids.size() ? " …" : "") + ")");
    }
}
