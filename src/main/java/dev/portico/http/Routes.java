package dev.portico.http;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The route table: every HTTP endpoint Portico serves, top to bottom. */
final class Routes {
    private final HealthResource health;
    private final EnvironmentResource environment;
    private final PrometheusMeterRegistry metrics;

    Routes(HealthResource health, EnvironmentResource environment, PrometheusMeterRegistry metrics) {
        this.health = health;
        this.environment = environment;
        this.metrics = metrics;
    }

    void define() {
        get("/health/live", health::live);
        get("/health/ready", health::ready);
        get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        get("/api/v2/system/environment", environment::get);
    }
}
