package dev.portico.auth.rbac;

/**
 * Who sends a request, with DreamFactory's requestor mask bits ({@code ServiceRequestorTypes}): a
 * client over HTTP is API, a server-side script calling the platform is SCRIPT. Thread-safe.
 */
public enum Requestor {
    API(1), SCRIPT(2);

    /** Both requestors. */
    public static final int ALL = 3;

    private final int mask;

    Requestor(int mask) {
        this.mask = mask;
    }

    public int mask() {
        return mask;
    }

    /** Whether this requestor's bit is set in {@code requestorMask}. */
    public boolean in(int requestorMask) {
        return (requestorMask & mask) != 0;
    }
}
