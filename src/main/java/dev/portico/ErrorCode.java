package dev.portico;

/**
 * What kind of failure a {@link PorticoException} is: each code has one HTTP status and one CLI
 * exit code, so both edges render the same failure the same way.
 */
public enum ErrorCode {
    BAD_REQUEST(400, 2),
    UNAUTHORIZED(401, 1),
    FORBIDDEN(403, 1),
    NOT_FOUND(404, 1),
    CONFLICT(409, 1),
    PAYLOAD_TOO_LARGE(413, 2),
    TOO_MANY_REQUESTS(429, 1),
    /** Configuration is invalid or incomplete. */
    CONFIGURATION(500, 1),
    /** Something failed; state is unchanged or was restored. */
    FAILED(500, 1),
    /** A dependency (database, cache, port) is not reachable or not usable. */
    UNAVAILABLE(503, 1),
    /** Checks ran and found problems. */
    CHECKS_FAILED(500, 3),
    /** Refused for safety: wrong key, newer schema, non-empty target, pending migrations. */
    REFUSED(409, 4),
    /** Another process holds the lock. */
    BUSY(503, 5);

    private final int httpStatus;
    private final int exitCode;

    ErrorCode(int httpStatus, int exitCode) {
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }
}
