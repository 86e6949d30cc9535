package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The data half of a restore, in ONE transaction on one connection: deletes the target's rows
 * (--force; in reverse load order, on PostgreSQL by truncating every table), inserts every table in load
 * order with forward references as NULL, fills those in, and resets the id counters. On PostgreSQL and MySQL/MariaDB the foreign keys are
 * checked once, set-based, before the commit instead of row by row ({@link DeferredKeys}, {@link ReferenceCheck}),
 * so every value goes in at once (on SQLite too when its checks are off for a schema replaced in this
 * transaction); how the rows go in is the {@link TableWriter}'s. Rolls back on any failure.
 * Not thread-safe.
 */
final class RestoreLoad {
    private final Connection connection;
    private final DatabaseEngine engine;
    private final RowSource source;
    private final Consumer<String> progress;

    RestoreLoad(Connection connection, DatabaseEngine engine, RowSource source, Consumer<String> progress) {
        this.connection = connection;
        this.engine = engine;
        this.source = source;
        this.progress = progress;
    }

    /** Loads every table of the plan from the source; returns the rows inserted. */
    long load(RestorePlan plan) throws Exception {
        List<BackupManifest.TableEntry> tables = plan.manifest().tables();
        Map<String, TableSchema> target = targetSchema(tables);
        connection.setAutoCommit(false);
        long rows = 0;
        try {
            if (plan.replacesData() && engine != DatabaseEngine.POSTGRESQL) {
                try (Statement statement = connection.createStatement()) {
                    for (int i = tables.size() - 1; i >= 0; i--) {
                        statement.executeUpdate("DELETE FROM " + TargetTables.quote(engine, tables.get(i).name()));
                    }
                }
            }
            // PostgreSQL and MySQL/MariaDB: no foreign-key check per row (the load is several times faster),
            // one set-based check of every foreign key before the commit instead, so no orphan gets in
            boolean checkAtEnd = engine != DatabaseEngine.SQLITE;
            // SQLite with its checks off on this connection (a schema replaced in this transaction): proven at the end
            boolean sqliteKeysOff = engine == DatabaseEngine.SQLITE && !sqliteForeignKeysOn();
            DeferredKeys keys = null;
            TableWriter load = TableWriter.of(connection, engine, source);
            // MariaDB: LOAD DATA into an empty table with unique_checks off too builds the keys once, at the end
            // (over rows deleted in this transaction it would insert row by row, so the checks stay on then)
            boolean keysAtEnd = !plan.replacesData() && load instanceof InfileLoad && InfileLoad.buildsKeysAtEnd(connection);
            if (engine == DatabaseEngine.MYSQL) {
                sessionChecks(false, keysAtEnd);
            } else if (engine == DatabaseEngine.POSTGRESQL) {
                List<String> names = tables.stream().map(BackupManifest.TableEntry::name).toList();
                keys = DeferredKeys.drop(connection, names);
                truncate(names);
            }
            Set<String> loaded = new HashSet<>();
            Map<BackupManifest.TableEntry, Set<String>> deferred = new LinkedHashMap<>();
            Map<BackupManifest.TableEntry, Set<String>> selfReferences = new HashMap<>();
            for (BackupManifest.TableEntry table : tables) {
                Set<String> later = checkAtEnd ? Set.of() : target.get(table.name()).references().stream()
                        .filter(ref -> ref.table().equals(table.name()) || !loaded.contains(ref.table()))
                        .map(TableSchema.Reference::column).collect(Collectors.toSet());
                Set<String> self = target.get(table.name()).references().stream()
                        .filter(ref -> ref.table().equals(table.name()))
                        .map(TableSchema.Reference::column).collect(Collectors.toSet());
                long count = load.insert(table, later, self);
                rows += count;
                loaded.add(table.name());
                if (!later.isEmpty()) {
                    deferred.put(table, later);
                    selfReferences.put(table, self);
                }
                progress.accept(String.format("  %-22s %,10d rows", table.name(), count));
            }
            for (Map.Entry<BackupManifest.TableEntry, Set<String>> entry : deferred.entrySet()) {
                load.fillDeferred(entry.getKey(), entry.getValue(), selfReferences.get(entry.getKey()));
            }
            if (engine == DatabaseEngine.MYSQL) {
                proveReferences(tables.stream().map(table -> target.get(table.name())).toList());
                sessionChecks(true, keysAtEnd);
            } else {
                if (sqliteKeysOff) {
                    proveReferences(tables.stream().map(table -> target.get(table.name())).toList());
                }
                if (keys != null) {
                    progress.accept("  building the indexes, checking every foreign key");
                    keys.restore();
                }
                resetCounters(tables);
            }
            connection.commit();
        } catch (Exception e) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException lost) {
                e.addSuppressed(lost); // the connection is gone: the server rolls the transaction back itself
            }
            throw e;
        }
        connection.setAutoCommit(true);
        if (engine == DatabaseEngine.MYSQL) {
            // DDL on MySQL/MariaDB, so after the commit. The data is in by now and must not be undone:
            // InnoDB has already raised each counter past the explicit ids inserted, so a failure here
            // is reported, not treated as a failed restore.
            try {
                resetCounters(tables);
            } catch (SQLException e) {
                progress.accept("warning: the data is restored, but resetting the id counters failed ("
                        + e.getMessage() + "); InnoDB normally keeps them past the restored ids already");
            }
        }
        return rows;
    }

    /**
     * PostgreSQL: empties the tables (their old rows too, with --force) in this transaction, which lets
     * {@link CopyLoad} load them frozen: rows written as already visible to everyone, so building the
     * indexes and checking the foreign keys afterwards reads each page as it is instead of marking every
     * row's visibility on it first. A rollback brings the old contents back.
     */
    private void truncate(List<String> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + tables.stream().map(table -> TargetTables.quote(engine, table))
                    .collect(Collectors.joining(", ")));
        }
    }

    private void sessionChecks(boolean on, boolean uniqueToo) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION foreign_key_checks = " + (on ? 1 : 0)
                    + (uniqueToo ? ", unique_checks = " + (on ? 1 : 0) : ""));
        }
    }

    private boolean sqliteForeignKeysOn() throws SQLException {
        try (Statement statement = connection.createStatement();
             java.sql.ResultSet on = statement.executeQuery("PRAGMA foreign_keys")) {
            return on.next() && on.getInt(1) == 1;
        }
    }

    /** Fails the load when a row points at a parent that is not there (loaded with the checks off). */
    private void proveReferences(List<TableSchema> tables) throws SQLException {
        progress.accept("  checking every foreign key");
        Check references = new ReferenceCheck(connection, engine).check(tables);
        if (references.status() != Check.Status.OK) {
            throw new SQLException("rows point at parents that are not in the data (" + references.detail()
                    + "); the source's rows do not fit together: make a new backup of an intact instance");
        }
    }

    private void resetCounters(List<BackupManifest.TableEntry> tables) throws SQLException {
        for (BackupManifest.TableEntry table : tables) {
            SequenceReset.reset(connection, engine, table.name());
        }
    }

    /** The target's tables, which must have exactly the archive's tables and columns at its schema version. */
    private Map<String, TableSchema> targetSchema(List<BackupManifest.TableEntry> tables) throws SQLException {
        Map<String, TableSchema> target = new SchemaReader(connection, engine).tables().stream()
                .collect(Collectors.toMap(TableSchema::name, table -> table));
        for (BackupManifest.TableEntry table : tables) {
            TableSchema schema = target.get(table.name());
            if (schema == null || !schema.columns().equals(table.columns())) {
                throw new SQLException("the target's table " + table.name() + (schema == null ? " is missing"
                        : " has the columns " + schema.columns() + ", the archive " + table.columns())
                        + ", although both are at the archive's schema version");
            }
        }
        return target;
    }
}
