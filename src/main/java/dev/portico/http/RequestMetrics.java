package dev.portico.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** Request timings by method, route template and status, plus the JVM's own meters. Thread-safe. */
final class RequestMetrics {
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    @SuppressWarnings("resource") // the GC binder lives as long as the registry
    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static String route(Context ctx) {
        if (ctx.statusCode() == 404) {
            return "unmatched";
        }
        try {
            String route = ctx.endpointHandlerPath();
            return route == null || route.isEmpty() ? "unmatched" : route;
        } catch (IllegalStateException noEndpointMatched) {
            return "unmatched";
        }
    }

    void record(Context ctx, float millis) {
        // the route template, not the raw path, keeps the number of series (and of cached timers) bounded
        String method = ctx.method().name();
        String route = route(ctx);
        int status = ctx.statusCode();
        // building and registering a timer costs microseconds on every request: look it up by its tags
        Timer timer = timers.computeIfAbsent(method + ' ' + status + ' ' + route, key -> Timer.builder("http.server.requests")
                .tag("method", method)
                .tag("route", route)
                .tag("status", String.valueOf(status))
                .register(registry));
        timer.record((long) (millis * 1000), TimeUnit.MICROSECONDS);
    }
}
