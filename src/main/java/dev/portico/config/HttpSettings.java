package dev.portico.config;

/**
 * The HTTP listener. Port 0 asks the system for a free port (tests use it). {@code workers} is the
 * most requests served at once; more wait in line for a free worker.
 */
public record HttpSettings(String host, int port, int workers) {
    public HttpSettings {
        if (host == null || host.isBlank() || port < 0 || port > 65535 || workers < 1) {
            throw new IllegalArgumentException("host, a port from 0 to 65535 and at least one worker are required");
        }
    }

    /** The workers when none are configured: 4 per CPU core, at least 8. */
    public static int defaultWorkers(int cores) {
        return Math.max(8, 4 * cores);
    }
}
