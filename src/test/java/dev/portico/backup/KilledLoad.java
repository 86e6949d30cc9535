package dev.portico.backup;

import dev.portico.App;
import dev.portico.process.PorticoProcess;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** A restore or clone run as a child process, stopped in the middle of its load; and data big enough for that. */
final class KilledLoad {
    /** A table's progress line: printed once that table is in, while the load's transaction is still open. */
    static final Pattern TABLE_LOADED = Pattern.compile("(?m)^  [a-z_]+ +[0-9,]+ rows$");
    static final int LOOKUPS = 120_000;

    private KilledLoad() {
    }

    /** Adds enough lookups to {@code instance} that loading them takes seconds on every engine. */
    static void addManyRows(TestInstance instance) throws Exception {
        Instant at = Instant.parse("2024-02-29T12:34:56.123456Z");
        try (App app = new App(instance.home(), instance.environment())) {
            app.database().transaction(handle -> {
                try (PreparedStatement insert = handle.connection().prepareStatement("INSERT INTO lookup (name, value, "
                        + "private, description, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?)")) {
                    for (int i = 0; i < LOOKUPS; i++) {
                        insert.setString(1, "key_" + i);
                        insert.setString(2, "pv1:0123456789ab:" + "dmFsdWU".repeat(10) + i);
                        insert.setString(3, "generated lookup number " + i + " for a slow load");
                        insert.setString(4, "2024-02-29 12:34:56.123456");
                        insert.setString(5, "2024-02-29 12:34:56.123456");
                        insert.addBatch();
                        if (i % 1000 == 999) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
                return at;
            });
        }
    }

    /** Starts `portico ARGS` for {@code instance} in a child JVM; output goes to {@code log}. */
    static Process start(TestInstance instance, Path log, String... args) throws Exception {
        return PorticoProcess.start(instance.home(), instance.environment(), log, PorticoProcess.java(args));
    }

    /** Waits until the child has loaded its first table (its transaction open), then kills it with SIGKILL. */
    static String killAfterFirstTable(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!TABLE_LOADED.matcher(PorticoProcess.read(log)).find()) {
            if (!child.isAlive()) {
                throw new AssertionError("the child ended before loading a table:\n" + PorticoProcess.read(log));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("no table was loaded within 60 s:\n" + PorticoProcess.read(log));
            }
            Thread.sleep(5);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block, no rollback from the client
        child.waitFor();
        String output = PorticoProcess.read(log);
        if (output.contains("Restored ") || output.contains("Cloned onto")) {
            throw new AssertionError("the load finished before the kill; make it bigger:\n" + output);
        }
        return output;
    }

    static List<String> undoAsTheNextCommandWould(TestInstance instance) {
        try (App app = new App(instance.home(), instance.environment())) {
            return app.undoInterruptedRestores();
        }
    }
}
