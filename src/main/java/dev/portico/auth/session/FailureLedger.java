package dev.portico.auth.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins of one kind of key (accounts or addresses) for {@link LoginThrottle}. Counting keys
 * and locked keys are kept apart, each map capped at {@link ThrottleLimits#keysPerMap()}: a
 * flood of single failures forgets the counters that failed longest ago but never a lock, and to
 * push a lock out an attacker must lock that many other keys first. Not thread-safe: the throttle
 * guards it.
 */
final class FailureLedger {
    private final ThrottleLimits limits;
    /** Keys below the lock threshold, in order of their last failure, oldest first. */
    private final Map<String, Counter> counting = new LinkedHashMap<>();
    /** Locked keys and when their lock ends (epoch millis); the lockout is fixed, so this is also expiry order. */
    private final Map<String, Long> locked = new LinkedHashMap<>();

    /** Failures since {@code windowStart} (epoch millis): two fields, so a key costs little memory. */
    private static final class Counter {
        long windowStart;
        int count;
    }

    FailureLedger(ThrottleLimits limits) {
        this.limits = limits;
    }

    /** Failures of {@code key} in the current window; a locked key counts as {@code lockAfter}. */
    int failures(String key, long now) {
        if (lockedUntil(key, now) != 0) {
            return limits.lockAfter();
        }
        Counter counter = counting.get(key);
        return counter == null || expired(counter, now) ? 0 : counter.count;
    }

    /** When the lock on {@code key} ends, or 0 when it is not locked at {@code now}. */
    long lockedUntil(String key, long now) {
        Long until = locked.get(key);
        return until == null || now >= until ? 0 : until;
    }

    void fail(String key, long now) {
        dropEndedLocks(now);
        if (lockedUntil(key, now) != 0) {
            return;
        }
        Counter counter = counting.remove(key);
        if (counter == null || expired(counter, now)) {
            counter = new Counter();
            counter.windowStart = now;
        }
        counter.count++;
        if (counter.count >= limits.lockAfter()) {
            locked.put(key, now + limits.lockout().toMillis());
            forgetEldestBeyondCap(locked);
        } else {
            counting.put(key, counter);
            forgetEldestBeyondCap(counting);
        }
    }

    void forget(String key) {
        counting.remove(key);
        locked.remove(key);
    }

    int size() {
        return counting.size() + locked.size();
    }

    private boolean expired(Counter counter, long now) {
        return now >= counter.windowStart + limits.window().toMillis();
    }

    private void dropEndedLocks(long now) {
        Iterator<Long> ends = locked.values().iterator();
        while (ends.hasNext() && now >= ends.next()) {
            ends.remove();
        }
    }

    private void forgetEldestBeyondCap(Map<String, ?> keys) {
        Iterator<String> eldest = keys.keySet().iterator();
        while (keys.size() > limits.keysPerMap() && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
