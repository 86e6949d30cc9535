package dev.portico.http;

import static io.javalin.apibuilder.ApiBuilder.before;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The route table: every HTTP endpoint Portico serves, top to bottom. */
final class Routes {
    private final HealthResource health;
    private final EnvironmentResource environment;
    private final PrometheusMeterRegistry metrics;
    private final CorsFilter cors;
    private final MaintenanceFilter maintenance;
    private final AccessGate gate;
    private final SessionHandlers sessions;
    private final SystemHandlers system;
    private final ApiDocsResource docs;
    private final ServiceHandlers services;

    Routes(HealthResource health, EnvironmentResource environment, PrometheusMeterRegistry metrics, CorsFilter cors,
           MaintenanceFilter maintenance, AccessGate gate, SessionHandlers sessions, SystemHandlers system, ApiDocsResource docs,
           ServiceHandlers services) {
        this.docs = docs;
        this.services = services;
        this.health = health;
        this.environment = environment;
        this.metrics = metrics;
        this.cors = cors;
        this.maintenance = maintenance;
        this.gate = gate;
        this.sessions = sessions;
        this.system = system;
    }

    /**
     * Javalin tries an endpoint's routes in the order they are added, each one a regular expression,
     * and does it twice per request (to find the endpoint's roles, then to run it). So the data API,
     * the routes called most, comes first, and one before-handler does the work of all of them.
     */
    void define() {
        before("/api/*", this::guard);

        // database services (sqlite, pgsql, mysql). /api/v2/system/_table and /api/v2/api_docs/_table land
        // here too, and are told that system and api_docs are not database services.
        get("/api/v2/{service}/_table/{table}/{id}", services::get);
        get("/api/v2/{service}/_table/{table}", services::list);
        get("/api/v2/{service}/_table", services::tables);
        post("/api/v2/{service}/_table/{table}", services::create);
        put("/api/v2/{service}/_table/{table}", services::update);
        patch("/api/v2/{service}/_table/{table}", services::update);
        delete("/api/v2/{service}/_table/{table}", services::delete);
        put("/api/v2/{service}/_table/{table}/{id}", services::update);
        patch("/api/v2/{service}/_table/{table}/{id}", services::update);
        delete("/api/v2/{service}/_table/{table}/{id}", services::delete);
        get("/api/v2/{service}/_schema", services::schemas);
        get("/api/v2/{service}/_schema/{table}", services::schema);

        get("/api/v2/api_docs", docs::document);
        get("/api/v2/api_docs/{service}", services::docs);
        get("/api/v2/system/environment", environment::get);

        post("/api/v2/system/admin/session", sessions::loginAdmin);
        get("/api/v2/system/admin/session", sessions::describe);
        put("/api/v2/system/admin/session", sessions::refresh);
        delete("/api/v2/system/admin/session", sessions::logout);
        post("/api/v2/user/session", sessions::loginUser);
        get("/api/v2/user/session", sessions::describe);
        put("/api/v2/user/session", sessions::refresh);
        delete("/api/v2/user/session", sessions::logout);

        get("/api/v2/system/{resource}", system::list);
        post("/api/v2/system/{resource}", system::create);
        put("/api/v2/system/{resource}", system::update);
        patch("/api/v2/system/{resource}", system::update);
        delete("/api/v2/system/{resource}", system::delete);
        get("/api/v2/system/{resource}/{id}", system::get);
        put("/api/v2/system/{resource}/{id}", system::update);
        patch("/api/v2/system/{resource}/{id}", system::update);
        delete("/api/v2/system/{resource}/{id}", system::delete);

        get("/health/live", health::live);
        get("/health/ready", health::ready);
        get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        get("/api_docs", docs::page);
        get("/api_docs/assets/{file}", docs::asset);
    }

    /**
     * Runs before every /api request: CORS (answering a preflight), maintenance mode (answering 503),
     * then, for the system and user APIs, who the caller is. The database services identify the caller
     * themselves, after the route's own checks.
     */
    private void guard(Context ctx) {
        if (cors.apply(ctx) || maintenance.apply(ctx)) {
            return;
        }
        String path = ctx.path();
        if (path.startsWith("/api/v2/system/") || path.startsWith("/api/v2/user/")) {
            gate.identify(ctx);
        }
    }
}
