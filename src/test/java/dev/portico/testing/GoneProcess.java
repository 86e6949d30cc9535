package dev.portico.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pid no process has: that of a process that has already exited (for stale lock files and journals). */
public final class GoneProcess {
    private GoneProcess() {
    }

    public static long pid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        long pid = process.pid();
        assertTrue(ProcessHandle.of(pid).isEmpty(), "process " + pid + " has exited, yet the system still lists it");
        return pid;
    }
}
