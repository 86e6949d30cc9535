package dev.portico.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DatabaseSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The note a restore (or clone) keeps in the instance's storage while it may create things on its
 * target: which target (never its password), whether its SQLite file existed, which tables it had, and
 * which process is at work. Written and synced before anything is created, deleted once the load is
 * committed or undone. A note left behind by a killed process tells {@link InterruptedRestores} what to
 * undo. A rollback on MySQL/MariaDB, which drops the schema before it loads (each drop commits at once),
 * marks its note with the {@link Rollback} before the first drop: such a note is never undone, and stays
 * until a rollback's load commits, so no command takes the emptied database for a new one
 * ({@link InterruptedRollbacks}). Immutable record; the file operations are not thread-safe.
 */
record RestoreJournal(
        @JsonProperty("target") String target,
        @JsonProperty("clone_to") String cloneTo,
        @JsonProperty("engine") String engine,
        @JsonProperty("sqlite_file") String sqliteFile,
        @JsonProperty("sqlite_file_existed") boolean sqliteFileExisted,
        @JsonProperty("tables_before") List<String> tablesBefore,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("pid") long pid,
        @JsonProperty("process_started_at") String processStartedAt,
        @JsonProperty("rollback") Rollback rollback) {
    static final String PREFIX = "restore-journal-";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rollback point whose archive is loaded, the archive, and the schema it is built at. */
    record Rollback(@JsonProperty("point") String point, @JsonProperty("archive") String archive,
                    @JsonProperty("schema") int schema) {
        /** The command that finishes an interrupted rollback. */
        String command() {
            return "portico rollback --to " + point;
        }
    }

    RestoreJournal {
        tablesBefore = tablesBefore == null ? null : List.copyOf(tablesBefore);
    }

    /** A note for this process about {@code target}; {@code cloneTo} names a clone's target as typed (no password). */
    static RestoreJournal start(DatabaseSettings target, String cloneTo) {
        ProcessHandle self = ProcessHandle.current();
        boolean sqlite = target.engine() == DatabaseEngine.SQLITE;
        return new RestoreJournal(target.describe(), cloneTo, target.engine().connectionName(),
                sqlite ? target.sqliteFile().toString() : null, sqlite && Files.exists(target.sqliteFile()), null,
                Instant.now().toString(), self.pid(), startOf(self), null);
    }

    /** The same note, now knowing the tables the target had before anything was created. */
    RestoreJournal withTablesBefore(List<String> tables) {
        return new RestoreJournal(target, cloneTo, engine, sqliteFile, sqliteFileExisted, tables, startedAt, pid,
                processStartedAt, rollback);
    }

    /** The same note, marked: the schema is about to be dropped for {@code rollback}, outside the load's transaction. */
    RestoreJournal withRollback(Rollback rollback) {
        return new RestoreJournal(target, cloneTo, engine, sqliteFile, sqliteFileExisted, tablesBefore, startedAt, pid,
                processStartedAt, rollback);
    }

    /** Whether the process that wrote this note is still running (the same process, not a reused pid). */
    boolean processAlive() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive() && startOf(process.get()).equals(processStartedAt);
    }

    static Path file(Path storage, long pid) {
        return storage.resolve(PREFIX + pid + ".json");
    }

    /** Writes the note for this process and forces it to disk, so it survives a kill that follows at once. */
    void write(Path storage) {
        Path target = file(storage, pid);
        Path temporary = storage.resolve(PREFIX + pid + ".json.tmp");
        try {
            Files.createDirectories(storage);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this)));
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot write the restore journal " + target + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); nothing was written to the target. "
                    + "Check the free space and permissions of " + storage + ".", e);
        }
    }

    /** The notes in {@code storage}, by file name; none when it does not exist. */
    static List<Path> files(Path storage) throws IOException {
        if (!Files.isDirectory(storage)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(storage)) {
            return files.filter(file -> file.getFileName().toString().startsWith(PREFIX)
                    && file.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /**
     * Removes the marked notes of earlier rollbacks onto the same database whose processes are gone: this
     * process's note, marked and synced, now stands for the database until its own load commits.
     */
    void supersede(Path storage) throws IOException {
        for (InterruptedRollbacks.Note note : InterruptedRollbacks.find(storage, target)) {
            if (note.journal().pid() != pid && !note.journal().processAlive()) {
                Files.deleteIfExists(note.file());
            }
        }
    }

    static RestoreJournal read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RestoreJournal.class);
    }

    /** Removes this process's note: the load was committed, or undone. */
    void remove(Path storage) {
        try {
            Files.deleteIfExists(file(storage, pid));
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "The target is consistent, but the restore journal "
                    + file(storage, pid) + " could not be removed (" + e.getMessage() + "). Delete it by hand.", e);
        }
    }

    private static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse("");
    }
}
