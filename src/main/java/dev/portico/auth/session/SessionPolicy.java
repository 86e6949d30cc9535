package dev.portico.auth.session;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How long session tokens live: {@code ttl} until a token expires, {@code refreshTtl} from login
 * until an expired token can no longer be exchanged for a new one (PUT /session). Immutable.
 */
public record SessionPolicy(Duration ttl, Duration refreshTtl) {
    public static final String TTL_KEY = "DF_JWT_TTL";
    public static final String REFRESH_TTL_KEY = "DF_JWT_REFRESH_TTL";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(60);
    public static final Duration DEFAULT_REFRESH_TTL = Duration.ofDays(14);
    /** A year: longer is a typo, and a token that outlives a year outlives most key rotations too. */
    static final long MAX_MINUTES = 525_600;

    public SessionPolicy {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(refreshTtl, "refreshTtl");
        List<String> problems = problems(ttl.toMinutes(), refreshTtl.toMinutes());
        if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
            problems.add(0, TTL_KEY + ": must be at least 1 minute, not " + ttl);
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
    }

    public static SessionPolicy defaults() {
        return new SessionPolicy(DEFAULT_TTL, DEFAULT_REFRESH_TTL);
    }

    /**
     * The policy from the configuration values of {@value #TTL_KEY} and {@value #REFRESH_TTL_KEY}
     * (whole minutes, as in DreamFactory; null or blank means the default). Every problem is
     * reported at once.
     */
    public static SessionPolicy fromMinutes(String ttlMinutes, String refreshTtlMinutes) {
        List<String> problems = new ArrayList<>();
        long ttl = minutes(TTL_KEY, ttlMinutes, DEFAULT_TTL, problems);
        long refreshTtl = minutes(REFRESH_TTL_KEY, refreshTtlMinutes, DEFAULT_REFRESH_TTL, problems);
        if (problems.isEmpty()) {
            problems.addAll(problems(ttl, refreshTtl));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new SessionPolicy(Duration.ofMinutes(ttl), Duration.ofMinutes(refreshTtl));
    }

    private static long minutes(String key, String text, Duration fallback, List<String> problems) {
        if (text == null || text.isBlank()) {
            return fallback.toMinutes();
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < 1 || value > MAX_MINUTES) {
                problems.add(key + ": " + value + " is out of range; give whole minutes from 1 to " + MAX_MINUTES);
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + text.strip() + "' is not a whole number of minutes");
            return fallback.toMinutes();
        }
    }

    private static List<String> problems(long ttlMinutes, long refreshTtlMinutes) {
        List<String> problems = new ArrayList<>();
        if (ttlMinutes > MAX_MINUTES) {
            problems.add(TTL_KEY + ": " + ttlMinutes + " minutes is longer than a year (" + MAX_MINUTES + ")");
        }
        if (refreshTtlMinutes > MAX_MINUTES) {
            problems.add(REFRESH_TTL_KEY + ": " + refreshTtlMinutes + " minutes is longer than a year ("
                    + MAX_MINUTES + ")");
        }
        if (refreshTtlMinutes < ttlMinutes) {
            problems.add(REFRESH_TTL_KEY + " (" + refreshTtlMinutes + " minutes) must not be shorter than "
                    + TTL_KEY + " (" + ttlMinutes + " minutes): a token could no longer be refreshed "
                    + "before it even expires");
        }
        return problems;
    }

    private static PorticoException invalid(List<String> problems) {
        return new PorticoException(ErrorCode.CONFIGURATION, "The session settings have " + problems.size()
                + " problem(s):\n  " + String.join("\n  ", problems) + "\nFix these keys and start again.");
    }
}
