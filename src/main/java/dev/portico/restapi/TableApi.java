package dev.portico.restapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.filter.FilterNode;
import dev.portico.services.Column;
import dev.portico.services.ColumnType;
import dev.portico.services.DatabaseService;
import dev.portico.services.Relation;
import dev.portico.services.TableSchema;
import dev.portico.system.BatchRun;
import dev.portico.system.RecordBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@code _table} API of database services in DreamFactory's shapes: tables, pages of records,
 * one record, and writes of one record or a batch ({@code rollback}, {@code continue}) by body,
 * id, {@code ids} or filter. Callers have checked access and pass the role's row filters. PUT and
 * PATCH both change only the fields sent. Thread-safe.
 */
public final class TableApi {
    /** What a write asks for besides its records. */
    public record WriteOptions(boolean rollback, boolean keepGoing, TableQuery query) {
        public WriteOptions {
            if (rollback && keepGoing) {
                throw new PorticoException(ErrorCode.BAD_REQUEST,
                        "Rollback and continue operations can not be requested at the same time.");
            }
        }
    }

    // held here, not static: each server (and each test's) has its own, dropped with it
    private final ParsedFilters filters = new ParsedFilters();

    /** {@code GET _table}: the tables and views the caller may see, by name. */
    public Map<String, Object> tables(DatabaseService service, Predicate<String> visible) {
        List<Map<String, Object>> names = new ArrayList<>();
        service.tables().keySet().stream().filter(visible).forEach(name -> names.add(Map.of("name", name)));
        return Map.of("resource", names);
    }

    /**
     * {@code GET _table/{table}}: the page, checked and queried, ready to be written; the caller closes
     * it. {@code readable} says which tables the caller may read (with its row filters there), for
     * {@code related}.
     */
    public RecordPage list(DatabaseService service, TableSchema table, TableQuery query, RowAccess access,
                           Function<String, Optional<RowAccess>> readable) {
        TableReader reader = new TableReader(service, filters);
        return reader.list(table, query, rows(access, table), new RelatedRecords(service, reader, readable));
    }

    public Map<String, Object> get(DatabaseService service, TableSchema table, String id, TableQuery query,
                                   RowAccess access, Function<String, Optional<RowAccess>> readable) {
        TableReader reader = new TableReader(service, filters);
        RelatedRecords related = new RelatedRecords(service, reader, readable);
        List<Relation> relations = related.chosen(table, query.list().related());
        List<Column> shown = TableReader.shown(table, query.list());
        try (Connection connection = service.connect()) {
            Map<String, Object> record = reader.find(connection, table, Keys.column(table, query.idField()), id,
                    RelatedRecords.withJoinFields(table, shown, relations), rows(access, table));
            related.attach(connection, table, relations, shown, List.of(record));
            return record;
        } catch (SQLException e) {
            throw WriteErrors.explain(e, service, table);
        }
    }

    public Object create(DatabaseService service, TableSchema table, JsonNode body, WriteOptions options,
                         RowAccess access) {
        refuseView(table, options);
        Optional<FilterNode> rows = rows(access, table);
        TableReader reader = new TableReader(service, filters);
        TableWriter writer = new TableWriter(service, reader);
        RecordBatch batch = RecordBatch.of(body);
        List<Object> results = run(service, table).run(batch, options.rollback(), options.keepGoing(), "created",
                (connection, record) -> output(connection, reader, table, writer.insert(connection, table, record, rows),
                        options, rows));
        return batch.single() ? results.get(0) : Map.of("resource", results);
    }

    /** PATCH or PUT: by id, by {@code ids}, by {@code filter} (one record applied to each), or records with their keys. */
    public Object update(DatabaseService service, TableSchema table, String id, JsonNode body, WriteOptions options,
                         RowAccess access) {
        refuseView(table, options);
        Optional<FilterNode> rows = rows(access, table);
        TableReader reader = new TableReader(service, filters);
        TableWriter writer = new TableWriter(service, reader);
        Column key = Keys.column(table, options.query().idField());
        RecordBatch sent = RecordBatch.of(body);
        RecordBatch batch = named(service, reader, table, key, id, options, rows, () -> {
            if (sent.records().size() != 1) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Send one record to apply to the ids or filter given.");
            }
            return sent.records().get(0);
        }).orElse(sent);
        List<Object> results = run(service, table).run(batch, options.rollback(), options.keepGoing(), "updated",
                (connection, record) -> output(connection, reader, table, writer.update(connection, table, key,
                        keyOf(table, key, record), record, rows), options, rows));
        return batch.single() ? results.get(0) : Map.of("resource", results);
    }

    /** DELETE: by id, by {@code ids}, by {@code filter}, or records with their keys; answers what was deleted. */
    public Object delete(DatabaseService service, TableSchema table, String id, JsonNode body, WriteOptions options,
                         RowAccess access) {
        refuseView(table, options);
        Optional<FilterNode> rows = rows(access, table);
        TableReader reader = new TableReader(service, filters);
        TableWriter writer = new TableWriter(service, reader);
        Column key = Keys.column(table, options.query().idField());
        RecordBatch batch = named(service, reader, table, key, id, options, rows, JsonNodeFactory.instance::objectNode)
                .orElseGet(() -> {
                    if (body == null) {
                        throw new PorticoException(ErrorCode.BAD_REQUEST, "Say which records of table '" + table.name()
                                + "' to delete: an id in the URL, ?ids=, ?filter=, or the records (with their '"
                                + key.name() + "') in the body.");
                    }
                    return RecordBatch.of(body);
                });
        List<Object> results = run(service, table).run(batch, options.rollback(), options.keepGoing(), "deleted",
                (connection, record) -> {
                    String target = keyOf(table, key, record);
                    Map<String, Object> before = options.query().list().fields().isEmpty()
                            ? Map.of(key.name(), target)
                            : reader.find(connection, table, key, target, TableReader.shown(table, options.query().list()), rows);
                    writer.delete(connection, table, key, target, rows);
                    return before;
                });
        return batch.single() ? results.get(0) : Map.of("resource", results);
    }

    /**
     * The batch of a write that names its records by id, {@code ids} or {@code filter}: {@code template}
     * once per record named, with that record's key; empty when it names none that way (then the
     * records in the body say which).
     */
    private Optional<RecordBatch> named(DatabaseService service, TableReader reader, TableSchema table, Column key,
                                               String id, WriteOptions options, Optional<FilterNode> rows,
                                               Supplier<JsonNode> template) {
        List<String> keys;
        if (id != null) {
            keys = List.of(id);
        } else if (!options.query().ids().isEmpty()) {
            keys = options.query().ids();
        } else if (options.query().list().filter().isEmpty()) {
            return Optional.empty();
        } else {
            try (Connection connection = service.connect()) {
                keys = reader.keys(connection, table, key, new Conditions(table, service.engine())
                        .filter(filters.parse(options.query().list().filter()), options.query().list().lookups()).rows(rows),
                        RecordBatch.MAX_RECORDS);
            } catch (SQLException e) {
                throw WriteErrors.explain(e, service, table);
            }
        }
        JsonNode record = template.get();
        List<JsonNode> records = new ArrayList<>();
        keys.forEach(target -> records.add(TableWriter.withKey(record, key, target)));
        return Optional.of(new RecordBatch(records, id != null));
    }

    private static Object output(Connection connection, TableReader reader, TableSchema table, Map<String, Object> key,
                                 WriteOptions options, Optional<FilterNode> rows) throws SQLException {
        if (options.query().list().fields().isEmpty() || key.size() != 1) {
            Map<String, Object> typed = new LinkedHashMap<>();
            key.forEach((name, value) -> typed.put(name, table.column(name).filter(c -> c.type() == ColumnType.INTEGER)
                    .<Object>map(c -> Long.parseLong(TableWriter.text(value))).orElse(value)));
            return typed;
        }
        Map.Entry<String, Object> only = key.entrySet().iterator().next();
        return reader.find(connection, table, table.column(only.getKey()).orElseThrow(), TableWriter.text(only.getValue()),
                TableReader.shown(table, options.query().list()), rows);
    }

    private static String keyOf(TableSchema table, Column key, JsonNode record) {
        JsonNode value = record == null ? null : record.get(key.name());
        if (value == null || value.isNull() || value.isContainerNode()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Each record of table '" + table.name() + "' needs its '"
                    + key.name() + "', or give the id in the URL, as ?ids= or with ?filter=.");
        }
        return value.asText();
    }

    private static BatchRun<Connection> run(DatabaseService service, TableSchema table) {
        return new BatchRun<>(work -> {
            try (Connection connection = service.connect()) {
                connection.setAutoCommit(false);
                try {
                    Object result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw WriteErrors.explain(e, service, table);
            }
        });
    }

    private static Optional<FilterNode> rows(RowAccess access, TableSchema table) {
        return RowFilterNodes.of(access.filters(), access.join(), table);
    }

    private static void refuseView(TableSchema table, WriteOptions options) {
        if (!options.query().list().related().isEmpty()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "'related' is served on reads of database services, "
                    + "not on writes. Read the records again with related= after writing them.");
        }
        if (table.view()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "'" + table.name() + "' is a view; its records can be "
                    + "read, not written.");
        }
    }
}
