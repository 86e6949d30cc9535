package dev.portico;

/**
 * The one unchecked exception family of Portico. The message says what failed, for which thing,
 * and what to do next; it never carries a secret. Rendered once per edge (HTTP mapper, CLI handler).
 */
public class PorticoException extends RuntimeException {
    private final ErrorCode code;

    public PorticoException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public PorticoException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The {@code error.code} an API client sees: the HTTP status, unless a subclass says otherwise. */
    public int apiCode() {
        return code.httpStatus();
    }

    /**
     * For a server-side failure (5xx): a message safe to show any client — what is wrong and what to
     * do, without hosts, paths or engine detail — or null for the generic one. The full message goes
     * to the log.
     */
    public String publicMessage() {
        return null;
    }

    /** Structured detail for {@code error.context} (per-record batch results), or null. */
    public Object context() {
        return null;
    }
}
