package dev.portico.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.AppKeys;
import dev.portico.auth.rbac.Verb;
import dev.portico.auth.session.RevocationStore;
import dev.portico.crypto.PasswordHasher;
import dev.portico.crypto.SecretBox;
import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.WriteFence;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system resources' CRUD as DreamFactory serves it: lists with its query parameters, writes
 * of one record or a batch with {@code rollback} and {@code continue}, related records. Callers
 * have already checked who may do what. Thread-safe.
 */
public final class SystemApi {
    private final SystemDatabase database;
    private final SystemResources resources;
    private final RecordStore store;
    private final RelatedRecords related;
    private final RevocationStore revocations;

    public SystemApi(SystemDatabase database, SystemResources resources, ObjectMapper json, SecretBox secrets,
                     PasswordHasher passwords, RevocationStore revocations) {
        this.database = database;
        this.revocations = revocations;
        this.resources = resources;
        this.store = new RecordStore(new RecordCodec(json, secrets, passwords), new FilterSql(database.engine()));
        this.related = new RelatedRecords(resources, store);
    }

    /** What a write asks for besides its records. */
    public record WriteOptions(boolean rollback, boolean keepGoing, boolean regenerate, List<Long> ids,
                               ListQuery output, Long actor) {
        public WriteOptions {
            if (rollback && keepGoing) {
                throw new PorticoException(ErrorCode.BAD_REQUEST,
                        "Rollback and continue operations can not be requested at the same time.");
            }
            ids = List.copyOf(ids);
        }
    }

    public ResourceSpec resource(String name) {
        if (!resources.routable(name)) {
            throw new PorticoException(ErrorCode.NOT_FOUND, "Resource '" + name + "' not found for service 'system'.");
        }
        return resources.find(name).orElseThrow();
    }

    public Map<String, Object> list(String name, ListQuery query) {
        ResourceSpec resource = resource(name);
        return database.read(handle -> {
            RecordStore.Page page = store.list(handle, resource, query, shown(resource, query));
            related.embed(handle, resource, page.rows(), query.related());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("resource", page.rows());
            if (page.count() != null) {
                body.put("meta", Map.of("count", page.count()));
            }
            return body;
        });
    }

    public Map<String, Object> get(String name, long id, ListQuery query) {
        ResourceSpec resource = resource(name);
        return database.read(handle -> read(handle, resource, id, query));
    }

    public Object create(String name, JsonNode body, WriteOptions options) {
        ResourceSpec resource = resource(name);
        return write(resource, RecordBatch.of(body), options, "created", (handle, record) -> {
            if (resource.name().equals("lookup")) {
                LookupScope.check(handle, record, null, null);
            }
            long id = store.insert(handle, resource, record, options.actor(), generated(resource, record, true, true));
            related.write(handle, resource, id, record, options.actor());
            return id;
        });
    }

    /** PUT and PATCH alike change only the fields sent (documented difference from DreamFactory's PUT). */
    public Object update(String name, Long id, JsonNode body, WriteOptions options) {
        ResourceSpec resource = resource(name);
        RecordBatch batch = RecordBatch.of(body);
        List<JsonNode> records = targets(batch, id, options.ids());
        boolean single = id != null || (batch.single() && options.ids().isEmpty());
        return write(resource, new RecordBatch(records, single), options, "updated",
                    (handle, record) -> {
                        long target = idOf(record);
                        protect(handle, resource, target, "mutable", "changed");
                        if (resource.name().equals("lookup")) {
                            LookupScope.check(handle, record, store.find(handle, resource, target)
                                    .orElseThrow(() -> RecordStore.notFound(resource, target)), target);
                        }
                        store.update(handle, resource, target, record, options.actor(),
                                generated(resource, record, false, options.regenerate()));
                        related.write(handle, resource, target, record, options.actor());
                        if (resource.table().equals("user_account") && (record.has("password")
                                || record.has("is_active") && !record.get("is_active").asBoolean(true))) {
                            // a new password or a deactivated account ends every session the account had, on
                            // every node: in the same transaction, so it commits (or rolls back) with the change
                            revocations.revokeAllFor(handle, target, Instant.now());
                        }
                        return target;
                    });
    }

    public Object delete(String name, Long id, JsonNode body, WriteOptions options) {
        ResourceSpec resource = resource(name);
        List<JsonNode> records = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        if (id != null) {
            records.add(json.createObjectNode().put("id", id));
        } else if (!options.ids().isEmpty()) {
            options.ids().forEach(each -> records.add(json.createObjectNode().put("id", each)));
        } else {
            records.addAll(RecordBatch.of(body).records());
        }
        return write(resource, new RecordBatch(records, id != null), options, "deleted", (handle, record) -> {
            long target = idOf(record);
            protect(handle, resource, target, "deletable", "deleted");
            Map<String, Object> before = read(handle, resource, target, options.output());
            store.delete(handle, resource, target);
            return before;
        });
    }

    /**
     * Columns Portico sets itself: a new app gets an API key ({@code ?regenerate=true} replaces it),
     * a scheduled task's verb mask follows its verb, a user without a name is named after the e-mail.
     */
    private static Map<String, Object> generated(ResourceSpec resource, JsonNode record, boolean creating,
                                                 boolean newKey) {
        Map<String, Object> columns = new LinkedHashMap<>();
        if (resource.name().equals("app") && newKey) {
            columns.put("api_key", AppKeys.newKey());
        }
        if (resource.name().equals("scheduler") && record.hasNonNull("verb")) {
            columns.put("verb_mask", Verb.fromHttpMethod(record.get("verb").asText()).filter(v -> record.get("verb")
                    .asText().matches("(?i)GET|POST|PUT|PATCH|DELETE")).map(Verb::mask).orElseThrow(() ->
                    new PorticoException(ErrorCode.BAD_REQUEST, "Field 'verb' of scheduler must be GET, POST, PUT, PATCH or DELETE.")));
        }
        if (resource.table().equals("user_account") && creating && !record.hasNonNull("name")
                && record.path("email").isTextual()) {
            String email = record.get("email").asText();
            columns.put("name", email.contains("@") ? email.substring(0, email.indexOf('@')) : email);
        }
        return columns;
    }

    /** Services Portico seeds for itself (system, api_docs, user) are marked not mutable or not deletable. */
    private void protect(SqlHandle handle, ResourceSpec resource, long id, String flag, String verb) throws SQLException {
        if (!resource.name().equals("service")) {
            return;
        }
        Map<String, Object> stored = store.find(handle, resource, id).orElseThrow(() -> RecordStore.notFound(resource, id));
        if (!SqlHandle.truthy(stored.get(flag))) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "Service '" + stored.get("name") + "' is part of Portico "
                    + "and cannot be " + verb + ".");
        }
    }

    @FunctionalInterface
    private interface RecordWrite {
        Object apply(SqlHandle handle, JsonNode record) throws SQLException;
    }

    private Object write(ResourceSpec resource, RecordBatch batch, WriteOptions options, String verb, RecordWrite work) {
        List<Object> results = new BatchRun<SqlHandle>(transaction -> database.transaction(handle -> {
            WriteFence.requireWritable(handle, database.engine());
            return transaction.run(handle);
        }))
                .run(batch, options.rollback(), options.keepGoing(), verb, (handle, record) ->
                        result(handle, resource, work.apply(handle, record), options.output()));
        return batch.single() ? results.get(0) : Map.of("resource", results);
    }

    @SuppressWarnings("unchecked")
    private Object result(SqlHandle handle, ResourceSpec resource, Object outcome, ListQuery output) throws SQLException {
        if (outcome instanceof Map<?, ?> record) {
            return output.fields().isEmpty() ? Map.of("id", record.get("id")) : record;
        }
        long id = (Long) outcome;
        return output.fields().isEmpty() && output.related().isEmpty()
                ? Map.of("id", id) : read(handle, resource, id, output);
    }

    private Map<String, Object> read(SqlHandle handle, ResourceSpec resource, long id, ListQuery query) throws SQLException {
        Map<String, Object> row = store.find(handle, resource, id).orElseThrow(() -> RecordStore.notFound(resource, id));
        Map<String, Object> record = store.output(resource, row, shown(resource, query));
        related.embed(handle, resource, List.of(record), query.related());
        return record;
    }

    private static List<FieldSpec> shown(ResourceSpec resource, ListQuery query) {
        if (query.allFields()) {
            return resource.fields();
        }
        List<FieldSpec> shown = new ArrayList<>();
        for (String name : query.fields()) {
            shown.add(resource.field(name).orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST,
                    "Invalid field '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "' for "
                            + resource.name() + ".")));
        }
        if (shown.stream().noneMatch(f -> f.name().equals("id"))) {
            shown.add(0, resource.field("id").orElseThrow());
        }
        return shown;
    }

    private static List<JsonNode> targets(RecordBatch batch, Long id, List<Long> ids) {
        List<JsonNode> records = new ArrayList<>();
        if (id != null || !ids.isEmpty()) {
            if (batch.records().size() != 1) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Send one record to apply to the ids given.");
            }
            JsonNode template = batch.records().get(0);
            if (!template.isObject()) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "The record must be a JSON object.");
            }
            for (Long target : id != null ? List.of(id) : ids) {
                records.add(((ObjectNode) template.deepCopy()).put("id", target));
            }
            return records;
        }
        return batch.records();
    }

    private static long idOf(JsonNode record) {
        JsonNode id = record == null ? null : record.get("id");
        if (id == null || !id.canConvertToExactIntegral()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Each record needs its 'id' (a whole number), or give "
                    + "the id in the URL or as ?ids=.");
        }
        return id.asLong();
    }
}
