package dev.portico.http;

import dev.portico.lifecycle.MaintenanceMode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers API requests with 503 and {@code Retry-After} while the instance is down for maintenance,
 * except admin login (so an admin can still get a session) and requests carrying the bypass secret.
 * The state is re-read from the system database at most every {@link #FRESH_FOR}, so every node
 * follows `portico down` / `up` within that time (and one read). Safe to share between request threads.
 */
final class MaintenanceFilter {
    static final Duration FRESH_FOR = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger("portico.http");
    private static final String ADMIN_LOGIN = "/api/v2/system/admin/session";

    private final MaintenanceMode mode;
    private final Clock clock;
    private volatile MaintenanceMode.State state = MaintenanceMode.State.UP;
    private volatile Instant loadedAt = Instant.MIN;
    private final AtomicBoolean reading = new AtomicBoolean();

    MaintenanceFilter(MaintenanceMode mode, Clock clock) {
        this.mode = mode;
        this.clock = clock;
    }

    /** Returns whether it answered the request (503, down for maintenance), so nothing else may run. */
    boolean apply(Context ctx) {
        MaintenanceMode.State current = current();
        if (!current.down() || ctx.path().equals(ADMIN_LOGIN)
                || current.admits(ctx.header(MaintenanceMode.SECRET_HEADER))) {
            return false;
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("maintenance_since", current.since().orElseThrow().toString());
        if (current.retrySeconds() > 0) {
            ctx.header("Retry-After", String.valueOf(current.retrySeconds()));
            context.put("retry_after", current.retrySeconds());
        }
        ErrorMapper.render(ctx, 503, "Portico is down for maintenance. Please try again later.", context);
        ctx.skipRemainingHandlers();
        return true;
    }

    /**
     * The state as last read (at most {@link #FRESH_FOR} and one read old); the last known one if the
     * database cannot be read. Every request waits for the first read; after that, one request reads
     * again when it is due and the others answer from the last known state meanwhile, rather than
     * queue behind that read.
     */
    MaintenanceMode.State current() {
        Instant now = clock.instant();
        if (loadedAt.plus(FRESH_FOR).isBefore(now)) {
            if (loadedAt.equals(Instant.MIN)) {
                synchronized (this) {
                    if (loadedAt.equals(Instant.MIN)) {
                        read(now);
                    }
                }
            } else if (reading.compareAndSet(false, true)) {
                try {
                    read(now);
                } finally {
                    reading.set(false);
                }
            }
        }
        return state;
    }

    private void read(Instant now) {
        try {
            state = mode.read();
        } catch (RuntimeException e) {
            LOG.warn("cannot read maintenance mode; keeping the last known state: {}", e.getMessage());
        }
        loadedAt = now;
    }
}
