package dev.portico.backup;

import dev.portico.config.DatabaseSettings;
import dev.portico.systemdb.ConnectionFailure;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The notes of rollbacks on MySQL/MariaDB that dropped the system database's schema, or were about to, and
 * whose load has not committed ({@link RestoreJournal.Rollback}). While one is in storage the database is
 * not a new instance, whatever it holds: every command but a rollback refuses it, saying what happened
 * and the command that finishes the job. Reads only. Stateless.
 */
final class InterruptedRollbacks {
    /** A marked note and its file. */
    record Note(Path file, RestoreJournal journal) {
        RestoreJournal.Rollback rollback() {
            return journal.rollback();
        }
    }

    private InterruptedRollbacks() {
    }

    /** The marked notes about {@code target} (as {@link DatabaseSettings#describe()} names it), oldest first. */
    static List<Note> find(Path storage, String target) throws IOException {
        List<Note> notes = new ArrayList<>();
        for (Path file : RestoreJournal.files(storage)) {
            RestoreJournal journal;
            try {
                journal = RestoreJournal.read(file);
            } catch (IOException unreadable) {
                continue; // InterruptedRestores reports it
            }
            if (journal.rollback() != null && journal.cloneTo() == null && journal.target().equals(target)) {
                notes.add(new Note(file, journal));
            }
        }
        notes.sort((a, b) -> a.journal().startedAt().compareTo(b.journal().startedAt()));
        return notes;
    }

    /** Why a command other than a rollback refuses the database, and what finishes the job. */
    static String refusal(Note note, SystemDatabase database) {
        RestoreJournal.Rollback rollback = note.rollback();
        RestoreJournal journal = note.journal();
        if (journal.processAlive()) {
            return "A rollback to point " + rollback.point() + " is running (process " + journal.pid() + ", started at "
                    + journal.startedAt() + "): on MySQL/MariaDB it drops the schema before it loads the archive, so the "
                    + database.describe() + " is not usable until it ends (it " + contents(database) + " now). Nothing "
                    + "was changed; wait for it to finish. If that process hangs, stop it and run `" + rollback.command()
                    + "`.";
        }
        return "A rollback to point " + rollback.point() + " was interrupted: process " + journal.pid() + ", started at "
                + journal.startedAt() + ", ended before its load was committed. On MySQL/MariaDB a rollback drops the "
                + "schema first (each drop commits at once), then builds schema " + rollback.schema() + " again and "
                + "loads the archive, so the " + database.describe() + " is not a new instance, whatever it holds: it "
                + contents(database) + " now. Nothing was changed. Finish the rollback with `" + rollback.command()
                + "`: it loads " + rollback.archive() + " again and verifies the result. Until then serve, setup, "
                + "migrate, migrate:fresh, restore, clone, upgrade and backup:list --keep refuse this database (its "
                + "journal is " + note.file() + ").";
    }

    /** The line a rollback prints before it replaces the schema of a database an earlier rollback left unfinished. */
    static String finishing(Note note, SystemDatabase database) {
        RestoreJournal journal = note.journal();
        return "A rollback to point " + note.rollback().point() + " was interrupted (process " + journal.pid()
                + ", started at " + journal.startedAt() + "); the " + database.describe() + " " + contents(database)
                + ". This rollback replaces its schema again; " + note.file() + " is removed once its load is committed.";
    }

    /** What the database holds now: "has no tables", "has 17 tables at schema 2, all empty", … */
    static String contents(SystemDatabase database) {
        try (Connection connection = database.connect()) {
            Set<String> tables = new TreeSet<>(TargetTables.list(connection, database.engine()));
            if (tables.isEmpty()) {
                return "has no tables";
            }
            int schema = SchemaInspector.inspect(connection, MigrationCatalog.forEngine(database.engine())).current();
            tables.remove("flyway_schema_history");
            long rows = TargetTables.rows(connection, database.engine(), tables);
            return "has " + tables.size() + " table" + (tables.size() == 1 ? "" : "s")
                    + (schema == 0 ? " and no migration history" : " at schema " + schema)
                    + (rows == 0 ? ", all empty" : String.format(", holding %,d rows", rows));
        } catch (SQLException | RuntimeException e) {
            return "cannot be read (" + ConnectionFailure.scrub(database.settings(), String.valueOf(e.getMessage())) + ")";
        }
    }
}
