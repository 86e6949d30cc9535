package dev.portico.backup;

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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link RestoreJournal}s that killed restores and clones left in the instance's storage and
 * undoes each ({@link RestoreUndo}) under its target's migration lock, so no other restore is at work
 * there meanwhile. A journal whose process still runs is left alone. Not thread-safe.
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

    /** Undoes every interrupted restore it can; returns one line for the operator per journal found. */
    public List<String> undo() {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(storage)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(storage)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(RestoreJournal.PREFIX)
                    && f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                undo(file).ifPresent(lines::add);
            }
        } catch (IOException e) {
            lines.add("warning: cannot look for interrupted restores in " + storage + " (" + e.getMessage() + ")");
        }
        lines.forEach(line -> LOG.info("{}", line));
        return lines;
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
