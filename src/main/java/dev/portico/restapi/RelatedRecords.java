package dev.portico.restapi;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.filter.FilterNode;
import dev.portico.services.Column;
import dev.portico.services.DatabaseService;
import dev.portico.services.Relation;
import dev.portico.services.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code related=}: the records a page's records relate to through foreign keys, added to each
 * record under the relation's name — belongs_to as one record or null, has_many and many_many as a
 * list. One SELECT per relation (two for many_many: the junction, then the far table) with the keys
 * of the whole page, so a page of 1000 costs no more statements than a page of one. The far table,
 * and a junction, are read only when the caller's role may GET them, with that role's row filters.
 * Not thread-safe; one per request.
 */
final class RelatedRecords {
    private static final int KEYS_PER_STATEMENT = 500;

    private final DatabaseService service;
    private final TableReader reader;
    private final Function<String, Optional<RowAccess>> access;

    /** {@code access}: a table the caller may read, with its row filters; empty when its role may not. */
    RelatedRecords(DatabaseService service, TableReader reader, Function<String, Optional<RowAccess>> access) {
        this.service = service;
        this.reader = reader;
        this.access = access;
    }

    /**
     * The relations {@code related} names: {@code *} is every relation whose tables the caller may
     * read; a named one must exist (400) and be readable (403). Their tables' metadata is read here,
     * before the page takes its connections: read later, it would need one more connection from a
     * pool that may have none left to give (a pool_size of 1 never has).
     */
    List<Relation> chosen(TableSchema table, List<String> requested) {
        List<Relation> chosen = requested.contains("*")
                ? table.relations().stream().filter(relation -> readable(relation).isPresent()).toList()
                : named(table, requested);
        for (Relation relation : chosen) {
            service.table(relation.refTable());
            if (relation.junctionTable() != null) {
                service.table(relation.junctionTable());
            }
        }
        return chosen;
    }

    private List<Relation> named(TableSchema table, List<String> requested) {
        List<Relation> chosen = new ArrayList<>();
        for (String name : requested) {
            Relation relation = table.relations().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST, "Invalid relationship '"
                            + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "' requested for table '"
                            + table.name() + "'. Its relationships are listed under 'related' in _schema/"
                            + table.name() + "."));
            if (readable(relation).isEmpty()) {
                throw new PorticoException(ErrorCode.FORBIDDEN, "Access to the related table '" + relation.refTable()
                        + "'" + (relation.junctionTable() == null ? "" : " (through '" + relation.junctionTable() + "')")
                        + " of relationship '" + name + "' is forbidden for this role.");
            }
            if (!chosen.contains(relation)) {
                chosen.add(relation);
            }
        }
        return chosen;
    }

    /** The columns to read so that {@code relations} can be joined: {@code shown} plus the local fields missing. */
    static List<Column> withJoinFields(TableSchema table, List<Column> shown, List<Relation> relations) {
        List<Column> read = new ArrayList<>(shown);
        for (Relation relation : relations) {
            table.column(relation.field()).filter(column -> !read.contains(column)).ifPresent(read::add);
        }
        return read;
    }

    /** Adds each relation to each record, then drops the join fields the client did not ask for. */
    void attach(Connection connection, TableSchema table, List<Relation> relations, List<Column> shown,
                List<Map<String, Object>> records) throws SQLException {
        for (Relation relation : relations) {
            Set<String> keys = new LinkedHashSet<>();
            records.forEach(record -> key(record.get(relation.field())).ifPresent(keys::add));
            Map<String, List<Map<String, Object>>> found = relation.junctionTable() == null
                    ? byKey(connection, relation.refTable(), relation.refField(), keys, readable(relation).orElseThrow())
                    : throughJunction(connection, relation, keys);
            for (Map<String, Object> record : records) {
                List<Map<String, Object>> matches = key(record.get(relation.field()))
                        .map(key -> found.getOrDefault(key, List.of())).orElse(List.of());
                record.put(relation.name(), relation.type().equals("belongs_to")
                        ? (matches.isEmpty() ? null : matches.get(0)) : matches);
            }
        }
        Set<String> hidden = new LinkedHashSet<>();
        withJoinFields(table, shown, relations).stream().filter(column -> !shown.contains(column))
                .forEach(column -> hidden.add(column.name()));
        records.forEach(record -> hidden.forEach(record::remove));
    }

    /** many_many: the junction's pairs for these keys, then the far records, listed per key in junction order. */
    private Map<String, List<Map<String, Object>>> throughJunction(Connection connection, Relation relation,
                                                                 Set<String> keys) throws SQLException {
        Map<String, List<Map<String, Object>>> pairs = byKey(connection, relation.junctionTable(),
                relation.junctionField(), keys, access.apply(relation.junctionTable()).orElseThrow());
        Set<String> farKeys = new LinkedHashSet<>();
        pairs.values().forEach(rows -> rows.forEach(row -> key(row.get(relation.junctionRefField())).ifPresent(farKeys::add)));
        Map<String, List<Map<String, Object>>> far = byKey(connection, relation.refTable(), relation.refField(), farKeys,
                access.apply(relation.refTable()).orElseThrow());
        Map<String, List<Map<String, Object>>> joined = new LinkedHashMap<>();
        pairs.forEach((key, rows) -> {
            List<Map<String, Object>> list = new ArrayList<>();
            rows.forEach(row -> key(row.get(relation.junctionRefField()))
                    .ifPresent(farKey -> list.addAll(far.getOrDefault(farKey, List.of()))));
            joined.put(key, list);
        });
        return joined;
    }

    /** The records of {@code tableName} whose {@code field} holds one of {@code keys}, seen through the row filters. */
    private Map<String, List<Map<String, Object>>> byKey(Connection connection, String tableName, String field,
                                                       Set<String> keys, RowAccess rows) throws SQLException {
        Map<String, List<Map<String, Object>>> found = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        TableSchema table = service.table(tableName);
        Column column = table.column(field).orElseThrow();
        Optional<FilterNode> rowFilter = RowFilterNodes.of(rows.filters(), rows.join(), table);
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += KEYS_PER_STATEMENT) {
            List<Object> parameters = new ArrayList<>();
            String where = new Conditions(table, service.engine())
                    .keys(column, all.subList(from, Math.min(all.size(), from + KEYS_PER_STATEMENT)))
                    .rows(rowFilter).render(parameters);
            List<String> order = new ArrayList<>();
            (table.primaryKey().isEmpty() ? List.of(column.name()) : table.primaryKey())
                    .forEach(name -> order.add(reader.quote(name)));
            String sql = "SELECT " + table.quotedColumns() + " FROM " + table.quotedName() + where
                    + " ORDER BY " + String.join(", ", order);
            for (Map<String, Object> row : reader.select(connection, sql, parameters, table.columns())) {
                key(row.get(column.name())).ifPresent(key -> found.computeIfAbsent(key, k -> new ArrayList<>()).add(row));
            }
        }
        return found;
    }

    /** Both ends of a relation (and its junction) readable: the far table's row filters, else empty. */
    private Optional<RowAccess> readable(Relation relation) {
        if (relation.junctionTable() != null && access.apply(relation.junctionTable()).isEmpty()) {
            return Optional.empty();
        }
        return access.apply(relation.refTable());
    }

    /** Keys compare as text, so an int read from one table matches a long read from another. */
    private static Optional<String> key(Object value) {
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }
}
