package dev.portico.http;

import static io.javalin.apibuilder.ApiBuilder.before;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

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

    void define() {
        get("/health/live", health::live);
        get("/health/ready", health::ready);
        get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        get("/api_docs", docs::page);
        get("/api_docs/assets/{file}", docs::asset);

        before("/api/*", cors::apply);
        before("/api/*", maintenance::apply);
        get("/api/v2/api_docs", docs::document);
        get("/api/v2/system/environment", environment::get);
        before("/api/v2/system/*", gate::identify);
        before("/api/v2/user/*", gate::identify);

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

        // database services (sqlite, pgsql, mysql); the system routes above take /api/v2/system/… first
        get("/api/v2/{service}/_table", services::tables);
        get("/api/v2/{service}/_table/{table}", services::list);
        post("/api/v2/{service}/_table/{table}", services::create);
        put("/api/v2/{service}/_table/{table}", services::update);
        patch("/api/v2/{service}/_table/{table}", services::update);
        delete("/api/v2/{service}/_table/{table}", services::delete);
        get("/api/v2/{service}/_table/{table}/{id}", services::get);
        put("/api/v2/{service}/_table/{table}/{id}", services::update);
        patch("/api/v2/{service}/_table/{table}/{id}", services::update);
        delete("/api/v2/{service}/_table/{table}/{id}", services::delete);
        get("/api/v2/{service}/_schema", services::schemas);
        get("/api/v2/{service}/_schema/{table}", services::schema);
        // after the service routes, so /api/v2/api_docs/_table still says api_docs is not a database
        get("/api/v2/api_docs/{service}", services::docs);
    }
}
