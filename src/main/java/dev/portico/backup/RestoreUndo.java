package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Takes back what an unfinished restore created on its target, from its {@link RestoreJournal}: on a
 * target that had no Portico schema, the tables it created (when they hold no rows: rows there mean the
 * load was committed, and they are kept), and a SQLite file that did not exist before and is empty
 * again. Rows of a target that had data are never touched: its load was one transaction. Not thread-safe.
 */
final class RestoreUndo {
    /** What the undo found and did. */
    record Outcome(int tablesDropped, boolean committed, boolean fileDeleted) {
        String describe() {
            if (committed) {
                return "its load had been committed, so the restored data was kept";
            }
            if (tablesDropped == 0 && !fileDeleted) {
                return "the target is as it was";
            }
            return "the " + tablesDropped + " tables it created were dropped"
                    + (fileDeleted ? " and the SQLite file it created was deleted" : "") + ", so the target is as it was";
        }
    }

    private RestoreUndo() {
    }

    /** Undoes on {@code target}, which this call closes (a SQLite file can only be deleted with no pool open). */
    static Outcome undo(SystemDatabase target, RestoreJournal journal) throws SQLException, IOException {
        DatabaseEngine engine = target.engine();
        boolean sqlite = engine == DatabaseEngine.SQLITE;
        if (sqlite && !Files.exists(target.settings().sqliteFile())) {
            return new Outcome(0, false, false);
        }
        int dropped = 0;
        boolean empty;
        try (Connection connection = target.connect()) {
            Set<String> created = new TreeSet<>(TargetTables.list(connection, engine));
            if (journal.tablesBefore() != null && !journal.tablesBefore().contains("flyway_schema_history")) {
                created.removeAll(journal.tablesBefore());
                Set<String> data = new TreeSet<>(created);
                data.remove("flyway_schema_history");
                if (TargetTables.rows(connection, engine, data) > 0) {
                    return new Outcome(0, true, false);
                }
                TargetTables.drop(connection, engine, created);
                dropped = created.size();
            }
            empty = TargetTables.list(connection, engine).isEmpty();
        } finally {
            target.close();
        }
        boolean deleted = false;
        if (sqlite && !journal.sqliteFileExisted() && empty) {
            Path file = target.settings().sqliteFile();
            Files.deleteIfExists(Path.of(file + "-wal"));
            Files.deleteIfExists(Path.of(file + "-shm"));
            deleted = Files.deleteIfExists(file);
        }
        return new Outcome(dropped, false, deleted);
    }
}
