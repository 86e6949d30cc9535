package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DatabaseSettings;
import dev.portico.systemdb.ConnectionFailure;
import dev.portico.systemdb.MigrationLock;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link RestoreJournal}s that killed restores and clones left in the instance's storage and
 * undoes each ({@link RestoreUndo}) under its target's migration lock, so no other restore is at work
 * there meanwhile. A journal whose process still runs is left alone. A rollback's journal that marks the
 * system database's schema as dropped on MySQL/MariaDB ({@link InterruptedRollbacks}) is never undone:
 * every command refuses the database while it is there, but a rollback, which finishes the job. Not
 * thread-safe.
 */
public final class InterruptedRestores {
    private static final Logger LOG = LoggerFactory.getLogger("portico.backup");

    private final Path storage;
    private final DatabaseSettings own;
    private final Function<String, DatabaseSettings> cloneTargets;
    private final Duration lockTimeout;

    /** {@code cloneTargets} resolves a clone journal's target as typed ({@link CloneTarget#parse}). */
    public InterruptedRestores(Path storage, DatabaseSettings own, Function<String, DatabaseSettings> cloneTargets,
                               Duration lockTimeout) {
        this.storage = storage;
        this.own = own;
        this.cloneTargets = cloneTargets;
        this.lockTimeout = lockTimeout;
    }

    /**
     * Undoes every interrupted restore it can; returns one line for the operator per journal found. Refuses
     * (exit 4, nothing changed) while a rollback has left the system database's schema dropped, or is at it.
     */
    public List<String> undo() {
        return undo(false);
    }

    /**
     * As {@link #undo()}, for a rollback: a rollback interrupted earlier is what it finishes, so it is named in
     * a line, not refused; one still running is refused.
     */
    public List<String> undoBeforeRollback() {
        return undo(true);
    }

    /** Why the system database is not usable while a rollback's journal marks its schema as dropped; reads only. */
    public List<String> interruptedRollbacks() {
        List<InterruptedRollbacks.Note> notes = rollbacks();
        if (notes.isEmpty()) {
            return List.of();
        }
        try (SystemDatabase database = new SystemDatabase(own, 2)) {
            return notes.stream().map(note -> InterruptedRollbacks.refusal(note, database)).toList();
        }
    }

    private List<String> undo(boolean rollingBack) {
        List<String> lines = new ArrayList<>();
        List<InterruptedRollbacks.Note> rollbacks = rollbacks();
        if (!rollbacks.isEmpty()) {
            try (SystemDatabase database = new SystemDatabase(own, 2)) {
                if (!rollingBack || rollbacks.stream().anyMatch(note -> note.journal().processAlive())) {
                    throw new PorticoException(ErrorCode.REFUSED, String.join("\n", rollbacks.stream()
                            .map(note -> InterruptedRollbacks.refusal(note, database)).toList()));
                }
                rollbacks.forEach(note -> lines.add(InterruptedRollbacks.finishing(note, database)));
            }
        }
        List<Path> files;
        try {
            files = RestoreJournal.files(storage);
        } catch (IOException e) {
            files = List.of();
            lines.add("warning: cannot look for interrupted restores in " + storage + " (" + e.getMessage() + ")");
        }
        for (Path file : files) {
            if (rollbacks.stream().noneMatch(note -> note.file().equals(file))) {
                undo(file).ifPresent(lines::add);
            }
        }
        lines.forEach(line -> LOG.info("{}", line));
        return lines;
    }

    private List<InterruptedRollbacks.Note> rollbacks() {
        try {
            return InterruptedRollbacks.find(storage, own.describe());
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot look for interrupted restores in " + storage + " ("
                    + e.getMessage() + "), so it cannot be told whether a rollback left the " + own.describe()
                    + " unfinished. Nothing was changed; check the folder's permissions.", e);
        }
    }

    private Optional<String> undo(Path file) {
        RestoreJournal journal;
        try {
            journal = RestoreJournal.read(file);
        } catch (IOException e) {
            return Optional.of("warning: the restore journal " + file + " cannot be read (" + e.getMessage()
                    + "). Check that its target is as it should be, then delete the file.");
        }
        if (journal.processAlive()) {
            return Optional.empty(); // that restore is still running
        }
        String what = "An interrupted " + (journal.cloneTo() == null ? "restore" : "clone") + " from "
                + journal.startedAt() + " onto the " + journal.target();
        DatabaseSettings settings;
        try {
            settings = journal.cloneTo() == null ? own : cloneTargets.apply(journal.cloneTo());
        } catch (RuntimeException e) {
            return Optional.of("warning: " + what + " could not be undone: " + e.getMessage()
                    + " The journal " + file + " is kept; this is tried again by the next restore, clone, migrate or serve.");
        }
        if (!settings.describe().equals(journal.target())) {
            return Optional.of("warning: " + what + " could not be undone: the configuration now points at the "
                    + settings.describe() + ". Check " + journal.target() + " by hand, then delete " + file + ".");
        }
        try (SystemDatabase target = new SystemDatabase(settings, 2)) {
            RestoreUndo.Outcome outcome;
            if (settings.engine() == DatabaseEngine.SQLITE && !Files.exists(settings.sqliteFile())) {
                outcome = new RestoreUndo.Outcome(0, false, false);
            } else {
                try (MigrationLock lock = MigrationLock.acquire(target, lockTimeout)) {
                    outcome = RestoreUndo.undo(target, journal);
                }
            }
            Files.deleteIfExists(file);
            return Optional.of(what + (outcome.committed() ? " had finished: " : " was undone: ")
                    + outcome.describe() + ".");
        } catch (Exception e) {
            return Optional.of("warning: " + what + " could not be undone yet ("
                    + ConnectionFailure.scrub(settings, String.valueOf(e.getMessage())) + "). The journal " + file
                    + " is kept; this is tried again by the next restore, clone, migrate or serve.");
        }
    }
}
