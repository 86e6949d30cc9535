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
import java.util.concurrent.TimeUnit;

/** Request timings by method, route template and status, plus the JVM's own meters. */
final class RequestMetrics {
    private final MeterRegistry registry;

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
        // the route template, not the raw path, keeps the number of series bounded
        Timer.builder("http.server.requests")
                .tag("method", ctx.method().name())
                .tag("route", route(ctx))
                .tag("status", String.valueOf(ctx.statusCode()))
                .register(registry)
                .record((long) (millis * 1000), TimeUnit.MICROSECONDS);
    }
}
