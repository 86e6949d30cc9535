package dev.portico.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.Caller;
import dev.portico.auth.rbac.AccessDecision;
import dev.portico.auth.rbac.RowFilters;
import dev.portico.restapi.RecordPage;
import dev.portico.restapi.RowAccess;
import dev.portico.restapi.SchemaApi;
import dev.portico.restapi.ServiceOpenApi;
import dev.portico.restapi.TableApi;
import dev.portico.restapi.TableQuery;
import dev.portico.services.DatabaseService;
import dev.portico.services.DatabaseServices;
import dev.portico.services.TableSchema;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code /api/v2/{service}/_table…} and {@code _schema…} of database services: who is calling, then
 * access to the component ({@code _table}, {@code _table/{table}}, {@code _table/{table}/{id}},
 * {@code _schema}, {@code _schema/{table}}) before the service or table is even looked up, so a
 * caller without access learns nothing of what exists; then the role's row filters go with the call.
 */
final class ServiceHandlers {
    private final DatabaseServices services;
    private final TableApi tables;
    private final SchemaApi schemas;
    private final AccessGate gate;
    private final SystemHandlers system;
    private final ServiceOpenApi openApi = new ServiceOpenApi();
    private final ObjectMapper json;
    private final String version;

    ServiceHandlers(DatabaseServices services, TableApi tables, SchemaApi schemas, AccessGate gate, SystemHandlers system,
                    ObjectMapper json, String version) {
        // the mapper flushes after each value it writes, which would send a page record by record
        this.json = json.copy().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.version = version;
        this.services = services;
        this.tables = tables;
        this.schemas = schemas;
        this.gate = gate;
        this.system = system;
    }

    /** A call's service and what the caller's role lets it do there. */
    private record Target(DatabaseService service, AccessDecision decision) {
    }

    void tables(Context ctx) {
        Target target = target(ctx, "_table");
        ctx.json(tables.tables(target.service(), visible(ctx, target.service().name(), "_table/")));
    }

    void schemas(Context ctx) {
        Target target = target(ctx, "_schema");
        ctx.json(schemas.tables(target.service(), visible(ctx, target.service().name(), "_schema/")));
    }

    void schema(Context ctx) {
        String table = table(ctx);
        Target target = target(ctx, "_schema/" + table);
        ctx.json(schemas.describe(target.service().table(table), target.decision().verbMask()));
    }

    /**
     * {@code GET /api/v2/api_docs/{service}}: the service's OpenAPI document, listing the tables the
     * caller may see (all for sys-admins); anonymous callers get 401 like any call to the service.
     */
    void docs(Context ctx) {
        gate.identifyOnce(ctx);
        String name = ctx.pathParam("service");
        Predicate<String> visible = visible(ctx, name, "_table/");
        visible.test("");  // an anonymous caller is refused here, before anything about the service is said
        DatabaseService service = services.find(name);
        if (TableQuery.flag(ctx.queryParamMap(), "refresh")) {
            service.refresh();
        }
        ctx.json(openApi.document(service, visible, version));
    }

    /**
     * {@code GET _table/{table}}, streamed: everything that can be refused (input, access, the
     * statement itself) fails before the first byte, with the usual status. A failure once part of
     * the page has reached the response cuts the connection instead, so the client cannot take the
     * part for the whole; before that, the client gets the usual error.
     */
    void list(Context ctx) throws IOException {
        String table = table(ctx);
        Target target = target(ctx, "_table/" + table);
        TableSchema schema = target.service().table(table);
        try (RecordPage page = tables.list(target.service(), schema, query(ctx, target.service()),
                rows(ctx, target.decision()), readable(ctx, target.service()))) {
            ctx.contentType(ContentType.APPLICATION_JSON);
            WatchedStream body = new WatchedStream(ctx.outputStream());
            // a cut page must stay cut: no closing brackets added
            JsonGenerator generator = responseGenerator(body).disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            try {
                page.write(generator);
                generator.close();
            } catch (IOException | RuntimeException failure) {
                if (!body.used) {
                    throw failure;
                }
                ErrorMapper.abort(ctx, failure);
            }
        }
    }

    /** The response body, noting whether any byte reached it (after that, an error can no longer be rendered). */
    private static final class WatchedStream extends FilterOutputStream {
        private boolean used;

        WatchedStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            used = true;
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            used = true;
            out.write(bytes, offset, length);
        }
    }

    void get(Context ctx) throws IOException {
        String table = table(ctx);
        String id = ctx.pathParam("id");
        Target target = target(ctx, "_table/" + table + "/" + id);
        TableSchema schema = target.service().table(table);
        Object record = tables.get(target.service(), schema, id, query(ctx, target.service()), rows(ctx, target.decision()),
                readable(ctx, target.service()));
        ctx.contentType(ContentType.APPLICATION_JSON);
        // straight into the response (ctx.json makes a String, then bytes, then copies them)
        try (JsonGenerator generator = responseGenerator(ctx.outputStream())) {
            json.writeValue(generator, record);
        }
    }

    /** JSON written into the response, which stays open; no flush, so a small answer keeps its Content-Length. */
    private JsonGenerator responseGenerator(OutputStream body) throws IOException {
        return json.createGenerator(body).disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    void create(Context ctx) {
        String table = table(ctx);
        Target target = target(ctx, "_table/" + table);
        TableSchema schema = target.service().table(table);
        JsonNode body = system.body(ctx);
        ctx.status(201).json(tables.create(target.service(), schema, body, options(ctx, target.service()),
                rows(ctx, target.decision())));
    }

    void update(Context ctx) {
        String table = table(ctx);
        String id = ctx.pathParamMap().get("id");
        Target target = target(ctx, id == null ? "_table/" + table : "_table/" + table + "/" + id);
        TableSchema schema = target.service().table(table);
        JsonNode body = system.body(ctx);
        ctx.json(tables.update(target.service(), schema, id, body, options(ctx, target.service()), rows(ctx, target.decision())));
    }

    void delete(Context ctx) {
        String table = table(ctx);
        String id = ctx.pathParamMap().get("id");
        Target target = target(ctx, id == null ? "_table/" + table : "_table/" + table + "/" + id);
        TableSchema schema = target.service().table(table);
        JsonNode body = id == null && !ctx.body().isBlank() ? system.body(ctx) : null;
        ctx.json(tables.delete(target.service(), schema, id, body, options(ctx, target.service()), rows(ctx, target.decision())));
    }

    /**
     * The table segment of the path. Access rules ignore a parenthesised part and read {@code {x}} as
     * a placeholder, so a name holding those characters could borrow another table's rule: refused.
     */
    private static String table(Context ctx) {
        String table = ctx.pathParam("table");
        if (table.chars().anyMatch(c -> c == '(' || c == ')' || c == '{' || c == '}')) {
            throw new PorticoException(ErrorCode.NOT_FOUND, "Table names with parentheses or braces are not served.");
        }
        return table;
    }

    private Target target(Context ctx, String component) {
        gate.identifyOnce(ctx);
        String name = ctx.pathParam("service");
        AccessDecision decision = gate.require(ctx, name, component);
        DatabaseService service = services.find(name);
        if (TableQuery.flag(ctx.queryParamMap(), "refresh")) {
            service.refresh();
        }
        return new Target(service, decision);
    }

    /** Which tables a listing shows: all for sys-admins, else those the role may GET. */
    private Predicate<String> visible(Context ctx, String service, String prefix) {
        if (AccessGate.caller(ctx).sysAdmin()) {
            return table -> true;
        }
        return table -> gate.allows(ctx, service, prefix + table);
    }

    /**
     * For {@code related}: a table the caller may GET, with the role's row filters there; empty when
     * the role may not read it (or a lookup its filters need is missing).
     */
    private Function<String, Optional<RowAccess>> readable(Context ctx, DatabaseService service) {
        return table -> {
            try {
                return Optional.of(rows(ctx, gate.require(ctx, service.name(), "_table/" + table)));
            } catch (PorticoException denied) {
                if (denied.code() == ErrorCode.FORBIDDEN) {
                    return Optional.empty();
                }
                throw denied;
            }
        };
    }

    /** The role's row filters with their lookups filled in; a lookup that does not resolve denies the call. */
    private static RowAccess rows(Context ctx, AccessDecision decision) {
        if (decision.filters().isEmpty()) {
            return RowAccess.unrestricted();
        }
        AccessDecision resolved = RowFilters.resolve(decision, AccessGate.caller(ctx).lookups());
        if (!resolved.allowed()) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "Access denied: " + resolved.reason() + ".");
        }
        return new RowAccess(resolved.filters(), resolved.join());
    }

    private static TableQuery query(Context ctx, DatabaseService service) {
        Caller caller = AccessGate.caller(ctx);
        return TableQuery.parse(ctx.queryParamMap(), service.maxRecords())
                .withLookups(name -> caller.lookups().valueForClient(name).map(value -> (Object) value));
    }

    private static TableApi.WriteOptions options(Context ctx, DatabaseService service) {
        return new TableApi.WriteOptions(TableQuery.flag(ctx.queryParamMap(), "rollback"),
                TableQuery.flag(ctx.queryParamMap(), "continue"), query(ctx, service));
    }
}
