package dev.portico.auth.session;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Slows and then stops password guessing, counting failed logins per account (the lower-cased
 * e-mail) and per client address separately, in the memory of this node. It never looks at whether
 * an account exists, so its answers tell an attacker nothing about that. Memory is bounded by
 * {@link ThrottleLimits#maxTrackedKeys()}; see {@link FailureLedger} for what is forgotten first.
 * Thread-safe.
 */
public final class LoginThrottle {
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    private final Clock clock;
    private final ThrottleLimits limits;
    private final FailureLedger accounts;
    private final FailureLedger addresses;

    public LoginThrottle(Clock clock) {
        this(clock, ThrottleLimits.defaults());
    }

    public LoginThrottle(Clock clock, ThrottleLimits limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.accounts = new FailureLedger(limits);
        this.addresses = new FailureLedger(limits);
    }

    /**
     * Refuses the attempt while the account or the address is locked, before any password is
     * checked. The message is the same for every account, existing or not, and names neither.
     */
    public synchronized void check(String account, String address) {
        long now = clock.millis();
        long until = Math.max(accounts.lockedUntil(accountKey(account), now),
                addresses.lockedUntil(addressKey(address), now));
        if (until != 0) {
            long minutes = Math.max(1, (until - now + 59_999) / 60_000);
            throw new PorticoException(ErrorCode.TOO_MANY_REQUESTS,
                    "Too many failed login attempts. Try again in " + minutes + " minute(s).");
        }
    }

    /**
     * How long to hold this attempt before answering it: zero below the delay threshold, then 1 s,
     * 2 s, 4 s… by the failures of the account or the address, whichever has more.
     */
    public synchronized Duration delayFor(String account, String address) {
        long now = clock.millis();
        int failures = Math.max(accounts.failures(accountKey(account), now),
                addresses.failures(addressKey(address), now));
        if (failures < limits.delayAfter()) {
            return Duration.ZERO;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(failures - limits.delayAfter(), 30));
        return delay.compareTo(limits.lockout()) > 0 ? limits.lockout() : delay;
    }

    public synchronized void recordFailure(String account, String address) {
        long now = clock.millis();
        accounts.fail(accountKey(account), now);
        addresses.fail(addressKey(address), now);
    }

    /** Forgets the account's failures. The address keeps its count, or one good password would reset a sprayer. */
    public synchronized void recordSuccess(String account) {
        accounts.forget(accountKey(account));
    }

    /** How many keys are remembered, accounts and addresses together. */
    synchronized int trackedKeys() {
        return accounts.size() + addresses.size();
    }

    private static String accountKey(String account) {
        return Objects.requireNonNull(account, "account").strip().toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return Objects.requireNonNull(address, "address").strip();
    }
}
