package dev.portico.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.Caller;
import dev.portico.auth.IdentityCache;
import dev.portico.system.CorsRules;
import dev.portico.system.ListQuery;
import dev.portico.system.SystemApi;
import dev.portico.services.DatabaseServices;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/** {@code /api/v2/system/{resource}[/{id}]}: parses the request, checks access, calls the system API. */
final class SystemHandlers {
    private final SystemApi api;
    private final AccessGate gate;
    private final ObjectMapper json;
    private final CorsRules cors;
    private final DatabaseServices databases;
    private final IdentityCache identities;

    SystemHandlers(SystemApi api, AccessGate gate, ObjectMapper json, CorsRules cors, DatabaseServices databases,
                   IdentityCache identities) {
        this.identities = identities;
        this.databases = databases;
        this.api = api;
        this.gate = gate;
        this.json = json;
        this.cors = cors;
    }

    /**
     * A change to the CORS rules, a service or anything a caller's identity is made of applies on this
     * node at once (other nodes re-read them within seconds): every cached identity is forgotten, and a
     * changed or deleted database service has its pool closed. Called also when a write failed, since
     * a batch may have written some records before it stopped.
     */
    private void afterWrite(String resource) {
        identities.invalidate();
        if (resource.equals("cors")) {
            cors.refresh();
        }
        if (resource.equals("service")) {
            databases.recheck();
        }
    }

    void list(Context ctx) {
        String resource = ctx.pathParam("resource");
        api.resource(resource);
        gate.require(ctx, "system", resource);
        ListQuery query = query(ctx);
        requireAdminForRelated(ctx, resource, query, null);
        ctx.json(api.list(resource, query));
    }

    void get(Context ctx) {
        String resource = ctx.pathParam("resource");
        long id = id(ctx);
        gate.require(ctx, "system", resource + "/" + id);
        ListQuery query = query(ctx);
        requireAdminForRelated(ctx, resource, query, null);
        ctx.json(api.get(resource, id, query));
    }

    void create(Context ctx) {
        String resource = ctx.pathParam("resource");
        api.resource(resource);
        gate.require(ctx, "system", resource);
        JsonNode body = body(ctx);
        SystemApi.WriteOptions options = options(ctx);
        requireAdminForRelated(ctx, resource, options.output(), body);
        try {
            ctx.status(201).json(api.create(resource, body, options));
        } finally {
            afterWrite(resource);
        }
    }

    void update(Context ctx) {
        String resource = ctx.pathParam("resource");
        Long id = ctx.pathParamMap().containsKey("id") ? id(ctx) : null;
        api.resource(resource);
        gate.require(ctx, "system", id == null ? resource : resource + "/" + id);
        JsonNode body = body(ctx);
        SystemApi.WriteOptions options = options(ctx);
        requireAdminForRelated(ctx, resource, options.output(), body);
        try {
            ctx.json(api.update(resource, id, body, options));
        } finally {
            afterWrite(resource);
        }
    }

    void delete(Context ctx) {
        String resource = ctx.pathParam("resource");
        Long id = ctx.pathParamMap().containsKey("id") ? id(ctx) : null;
        api.resource(resource);
        gate.require(ctx, "system", id == null ? resource : resource + "/" + id);
        JsonNode body = id == null && ctx.queryParam("ids") == null ? body(ctx) : null;
        try {
            ctx.json(api.delete(resource, id, body, options(ctx)));
        } finally {
            afterWrite(resource);
        }
    }

    /**
     * {@code related} reads and writes other resources (lookups, role assignments) that the role's
     * rule for this resource does not cover, so only sys-admins may use it.
     */
    private void requireAdminForRelated(Context ctx, String resource, ListQuery query, JsonNode body) {
        if (AccessGate.caller(ctx).sysAdmin()) {
            return;
        }
        boolean writesRelated = body != null && api.resource(resource).relations().stream().anyMatch(relation ->
                body.has(relation.name()) || body.path("resource").findParent(relation.name()) != null);
        if (!query.related().isEmpty() || writesRelated) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "Only sys-admins may read or write related records of "
                    + resource + ".");
        }
    }

    private ListQuery query(Context ctx) {
        Caller caller = AccessGate.caller(ctx);
        return ListQuery.parse(ctx.queryParamMap())
                .withLookups(name -> caller.lookups().valueForClient(name).map(value -> (Object) value));
    }

    private SystemApi.WriteOptions options(Context ctx) {
        ListQuery output = query(ctx);
        return new SystemApi.WriteOptions(flag(ctx, "rollback"), flag(ctx, "continue"), flag(ctx, "regenerate"),
                output.ids(), output,
                AccessGate.caller(ctx).userId());
    }

    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }

    private static long id(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Record identifiers are whole numbers; '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "' is not one.");
        }
    }

    JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The request has no body. Send JSON.");
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The request body is not valid JSON: "
                    + Optional.ofNullable(e.getMessage()).map(m -> m.lines().findFirst().orElse("")).orElse("") + ".");
        }
    }
}
