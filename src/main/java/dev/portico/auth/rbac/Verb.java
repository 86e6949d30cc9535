package dev.portico.auth.rbac;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The verbs a role can grant, with DreamFactory's mask bits ({@code VerbsMask}: GET 1, POST 2, PUT 4,
 * PATCH 8, DELETE 16). HEAD is checked as GET. OPTIONS is not an RBAC verb: preflights are answered
 * by CORS before RBAC runs, so {@link #fromHttpMethod} returns empty for it. Thread-safe.
 */
public enum Verb {
    GET(1), POST(2), PUT(4), PATCH(8), DELETE(16);

    /** Every verb RBAC knows, i.e. full CRUD; the mask a sys-admin gets. */
    public static final int ALL = 31;

    private final int mask;

    Verb(int mask) {
        this.mask = mask;
    }

    public int mask() {
        return mask;
    }

    /** Whether this verb's bit is set in {@code verbMask}. */
    public boolean in(int verbMask) {
        return (verbMask & mask) != 0;
    }

    public static int mask(Set<Verb> verbs) {
        int result = 0;
        for (Verb verb : verbs) {
            result |= verb.mask;
        }
        return result;
    }

    /** The verbs whose bits are set; bits DreamFactory defines beyond DELETE (OPTIONS 32 …) are ignored. */
    public static Set<Verb> fromMask(int verbMask) {
        Set<Verb> verbs = EnumSet.noneOf(Verb.class);
        for (Verb verb : values()) {
            if (verb.in(verbMask)) {
                verbs.add(verb);
            }
        }
        return verbs;
    }

    /**
     * The verb RBAC checks for an HTTP method, case-insensitive: HEAD → GET, and MERGE → PATCH as in
     * DreamFactory's verb tunnelling. Empty for OPTIONS (CORS answers it) and for methods RBAC has no
     * bit for (TRACE, CONNECT, COPY …): the HTTP edge rejects those before asking RBAC.
     */
    public static Optional<Verb> fromHttpMethod(String method) {
        if (method == null) {
            return Optional.empty();
        }
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> Optional.of(GET);
            case "POST" -> Optional.of(POST);
            case "PUT" -> Optional.of(PUT);
            case "PATCH", "MERGE" -> Optional.of(PATCH);
            case "DELETE" -> Optional.of(DELETE);
            default -> Optional.empty();
        };
    }
}
