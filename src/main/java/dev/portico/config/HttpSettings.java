package dev.portico.config;

/** The HTTP listener. Port 0 asks the system for a free port (tests use it). */
public record HttpSettings(String host, int port) {
    public HttpSettings {
        if (host == null || host.isBlank() || port < 0 || port > 65535) {
            throw new IllegalArgumentException("host and a port from 0 to 65535 are required");
        }
    }
}
