package dev.portico.auth.session;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link LoginThrottle} slows and stops login attempts: after {@code delayAfter} failures
 * within {@code window} each further attempt waits 1 s, 2 s, 4 s…; after {@code lockAfter} the
 * account or address is locked for {@code lockout}. At most {@code maxTrackedKeys} keys are
 * remembered in all: a quarter each for counting accounts, locked accounts, counting addresses
 * and locked addresses.
 */
public record ThrottleLimits(int delayAfter, int lockAfter, Duration window, Duration lockout, int maxTrackedKeys) {
    public ThrottleLimits {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lockout, "lockout");
        if (delayAfter < 1 || lockAfter < delayAfter) {
            throw new IllegalArgumentException("need 1 <= delayAfter <= lockAfter, not delayAfter " + delayAfter
                    + " and lockAfter " + lockAfter);
        }
        if (window.isNegative() || window.isZero() || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException(
                    "window (" + window + ") and lockout (" + lockout + ") must be positive");
        }
        if (maxTrackedKeys < 4) {
            throw new IllegalArgumentException(
                    "maxTrackedKeys must be at least 4 (one per map), not " + maxTrackedKeys);
        }
    }

    /**
     * 5 failures in 15 minutes start the delays, 10 lock for 15 minutes; 100,000 keys at most.
     */
    public static ThrottleLimits defaults() {
        return new ThrottleLimits(5, 10, Duration.ofMinutes(15), Duration.ofMinutes(15), 100_000);
    }

    /** The cap of each of the four maps. */
    int keysPerMap() {
        return maxTrackedKeys / 4;
    }
}
