package dev.portico.auth;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the system database said about a caller (the app of an API key, the user of a session, the
 * role that applies with its rules, their lookups), kept so that a request does not read it again.
 * An entry is used only while both hold:
 * <ul>
 * <li>nothing changed through this node's API since it was read: every system-API write and every
 *     login calls {@link #invalidate}, which bumps a version each entry was stamped with, so the very
 *     next request reads the database again;</li>
 * <li>it is younger than {@link #FRESH_FOR}: the bound on how long a change made elsewhere (another
 *     node sharing the system database, a CLI command such as {@code app:key --regenerate}, or
 *     {@code cache:clear}) goes unseen here.</li>
 * </ul>
 * Failures (an unknown key, an inactive app or user) are never kept. Revoked session tokens are not
 * this cache's business: {@link Authenticator} checks them on every request. Thread-safe.
 */
public final class IdentityCache {
    /** How long an entry may be used without reading the system database again. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(2);
    /** Past this many entries the cache starts again empty: a bound on memory, far above the apps × users in use. */
    static final int MAX_ENTRIES = 10_000;

    private static final long FRESH_FOR_NANOS = FRESH_FOR.toNanos();

    private final AtomicLong version = new AtomicLong();
    private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();

    /** Who a cached identity is for: the API key sent (or none) and the session's user id (or none). */
    record Key(String apiKey, Long userId) {
        @Override
        public String toString() { // the API key is a credential: it must not reach a log or a message
            return "Key[apiKey=" + (apiKey == null ? "none" : "(given)") + ", userId=" + userId + "]";
        }
    }

    private record Entry(long version, long loadedAt, Caller identity) {
    }

    /** Forgets every entry: the next request of every caller reads the system database again. */
    public void invalidate() {
        version.incrementAndGet();
        entries.clear();
    }

    /** The identity for {@code key}: a fresh cached one, else {@code load}'s (kept unless it throws). */
    Caller get(Key key, Supplier<Caller> load) {
        // read before loading: a write that lands during the load leaves this entry stamped as stale
        long current = version.get();
        long now = System.nanoTime();
        Entry entry = entries.get(key);
        if (entry != null && entry.version() == current && now - entry.loadedAt() < FRESH_FOR_NANOS) {
            return entry.identity();
        }
        Caller loaded = load.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(current, now, loaded));
        return loaded;
    }
}
