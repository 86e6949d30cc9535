package dev.portico.restapi;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.filter.FilterNode;
import dev.portico.filter.FilterRenderer;
import dev.portico.services.Column;
import dev.portico.services.DatabaseService;
import dev.portico.services.Relation;
import dev.portico.services.TableSchema;
import dev.portico.system.ListQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The SELECTs of the {@code _table} API on one service: pages of records with the client's filter,
 * ids, order, limit and offset and the role's row filters; counts; one record by key. Identifiers
 * come only from the table's metadata and are quoted; every value is bound. Thread-safe.
 */
final class TableReader {
    private static final Pattern SPACES = Pattern.compile("\\s+"); // compiled once, not per order term
    private final DatabaseService service;
    private final ParsedFilters filters;

    TableReader(DatabaseService service, ParsedFilters filters) {
        this.service = service;
        this.filters = filters;
    }

    String quote(String identifier) {
        return FilterRenderer.quote(service.engine(), identifier);
    }

    /**
     * GET {@code _table/{table}}: checks the query and runs its statements, so that bad input and a
     * refused statement fail here, before anything is written; the rows stay in the database until
     * the page is written. A page larger than {@link RecordPage#ROWS_AT_A_TIME} is fetched that many
     * rows at a time (a cursor on PostgreSQL, which needs a transaction for one). MariaDB's driver
     * reads the rest of a streaming result into memory before it runs another statement on its
     * connection, so there a large page's related records are read on a second connection.
     */
    RecordPage list(TableSchema table, TableQuery query, Optional<FilterNode> rows, RelatedRecords related) {
        List<Column> group = grouped(table, query);
        List<Column> shown = group.isEmpty() || !query.list().allFields() ? shown(table, query.list()) : group;
        List<Relation> relations = query.countOnly() ? List.of() : related.chosen(table, query.list().related());
        List<Column> read = RelatedRecords.withJoinFields(table, shown, relations);
        Conditions conditions = new Conditions(table, service.engine())
                .filter(filters.parse(query.list().filter()), query.list().lookups()).rows(rows);
        if (!query.ids().isEmpty()) {
            conditions.keys(Keys.column(table, query.idField()), query.ids());
        }
        List<Object> parameters = new ArrayList<>();
        String where = conditions.render(parameters);
        if (!group.isEmpty()) {
            refuseUngrouped(table, group, shown, query, relations);
        }
        String groupBy = group.isEmpty() ? "" : " GROUP BY " + columns(table, group);
        String sql = query.countOnly() ? null : "SELECT " + columns(table, read) + " FROM " + table.quotedName() + where
                + groupBy + order(table, query.list().order(), group.isEmpty() ? query.idField() : Optional.empty(), group)
                + " LIMIT " + query.list().limit()
                + " OFFSET " + query.list().offset();
        boolean large = query.list().limit() > RecordPage.ROWS_AT_A_TIME;
        List<Connection> connections = large && !relations.isEmpty() && service.engine() == DatabaseEngine.MYSQL
                ? service.connectPair() : List.of(service.connect());
        Connection connection = connections.get(0);
        Connection beside = connections.get(connections.size() - 1);
        try {
            // counted first: MariaDB's driver would buffer a streaming result to run another statement
            OptionalLong count = query.countOnly() || query.list().includeCount()
                    ? OptionalLong.of(count(connection, table, where, groupBy, parameters)) : OptionalLong.empty();
            ResultSet result = null;
            if (sql != null) {
                if (large && service.engine() == DatabaseEngine.POSTGRESQL) {
                    connection.setAutoCommit(false);
                }
                PreparedStatement statement = connection.prepareStatement(sql);
                if (large) {
                    statement.setFetchSize(RecordPage.ROWS_AT_A_TIME);
                }
                bind(statement, parameters);
                result = statement.executeQuery();
            }
            return new RecordPage(connections, result, read,
                    relations.isEmpty() ? RecordPage.NOTHING
                            : chunk -> related.attach(beside, table, relations, shown, chunk),
                    count, e -> WriteErrors.explain(e, service, table));
        } catch (SQLException e) {
            throw closing(connections, WriteErrors.explain(e, service, table));
        } catch (RuntimeException e) {
            throw closing(connections, e);
        }
    }

    private static RuntimeException closing(List<Connection> connections, RuntimeException failure) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    /** One record by its key, seen through the row filters; 404 when there is none. */
    Map<String, Object> find(Connection connection, TableSchema table, Column key, String id, List<Column> shown,
                             Optional<FilterNode> rows) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = new Conditions(table, service.engine()).key(key, id).rows(rows).render(parameters);
        List<Map<String, Object>> found = select(connection, "SELECT " + columns(table, shown) + " FROM "
                + table.quotedName() + where, parameters, shown);
        if (found.isEmpty()) {
            throw notFound(id);
        }
        return found.get(0);
    }

    /** The key values of every record the conditions select (for updates and deletes by filter). */
    List<String> keys(Connection connection, TableSchema table, Column key, Conditions conditions, int max)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = conditions.render(parameters);
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> row : select(connection, "SELECT " + quote(key.name()) + " FROM " + table.quotedName()
                + where + " ORDER BY " + quote(key.name()) + " LIMIT " + (max + 1), parameters, List.of(key))) {
            keys.add(String.valueOf(row.get(key.name())));
        }
        if (keys.size() > max) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The filter selects more than " + max + " records of table '"
                    + table.name() + "'; change at most " + max + " in one request.");
        }
        return keys;
    }

    long count(Connection connection, TableSchema table, String where, List<Object> parameters) throws SQLException {
        return count(connection, table, where, "", parameters);
    }

    /** The records {@code where} selects; with a {@code groupBy}, the groups. */
    private long count(Connection connection, TableSchema table, String where, String groupBy, List<Object> parameters)
            throws SQLException {
        String sql = groupBy.isEmpty() ? "SELECT COUNT(*) FROM " + table.quotedName() + where
                : "SELECT COUNT(*) FROM (SELECT 1 AS one FROM " + table.quotedName() + where + groupBy + ") grouped";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }

    List<Map<String, Object>> select(Connection connection, String sql, List<Object> parameters, List<Column> shown)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet result = statement.executeQuery()) {
                List<Map<String, Object>> records = new ArrayList<>();
                while (result.next()) {
                    records.add(record(result, shown));
                }
                return records;
            }
        }
    }

    /** The current row of {@code result} as a record: column name → value, in {@code shown}'s order. */
    static Map<String, Object> record(ResultSet result, List<Column> shown) throws SQLException {
        Map<String, Object> record = new LinkedHashMap<>();
        for (int index = 0; index < shown.size(); index++) {
            record.put(shown.get(index).name(), ColumnValues.read(result, index + 1, shown.get(index)));
        }
        return record;
    }

    static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int index = 0; index < parameters.size(); index++) {
            statement.setObject(index + 1, parameters.get(index));
        }
    }

    /** The columns {@code fields} names (all for none or {@code *}); an unknown one is a 400. */
    static List<Column> shown(TableSchema table, ListQuery query) {
        if (query.allFields()) {
            return table.columns();
        }
        List<Column> shown = new ArrayList<>();
        for (String name : query.fields()) {
            Column column = table.column(name).orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST,
                    "Invalid field '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "' for table '"
                            + table.name() + "'."));
            if (!shown.contains(column)) {
                shown.add(column);
            }
        }
        return shown;
    }

    String columns(TableSchema table, List<Column> shown) {
        if (shown.equals(table.columns())) {
            return table.quotedColumns();
        }
        List<String> names = new ArrayList<>();
        shown.forEach(column -> names.add(quote(column.name())));
        return String.join(", ", names);
    }

    /** {@code group=country,vip}: known columns, each once; empty without {@code group}. */
    private static List<Column> grouped(TableSchema table, TableQuery query) {
        List<Column> group = new ArrayList<>();
        for (String name : query.group()) {
            Column column = table.column(name).orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST,
                    "Invalid group field '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "' for table '"
                            + table.name() + "'."));
            if (!group.contains(column)) {
                group.add(column);
            }
        }
        return group;
    }

    /** Grouped records show only grouped fields (there are no aggregates), and carry no related records. */
    private static void refuseUngrouped(TableSchema table, List<Column> group, List<Column> shown, TableQuery query,
                                        List<Relation> relations) {
        for (Column column : shown) {
            if (!group.contains(column)) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Field '" + column.name() + "' of table '" + table.name()
                        + "' is not in 'group'; with group, ask for grouped fields only (fields=" + String.join(",",
                        group.stream().map(Column::name).toList()) + ").");
            }
        }
        for (String term : query.list().order()) {
            String name = SPACES.split(term.strip())[0];
            if (group.stream().noneMatch(column -> column.name().equalsIgnoreCase(name))) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Order field '" + (name.length() > 40
                        ? name.substring(0, 40) + "…" : name) + "' is not in 'group'; order grouped records by grouped fields.");
            }
        }
        if (!relations.isEmpty() || !query.ids().isEmpty()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "'group' cannot be combined with 'related' or 'ids'.");
        }
    }

    /** {@code order=name DESC,id}: known columns only; by default the group, else the key, so pages are stable. */
    private String order(TableSchema table, List<String> order, Optional<String> idField, List<Column> group) {
        List<String> terms = new ArrayList<>();
        for (String term : order) {
            String[] parts = SPACES.split(term.strip());
            Column column = table.column(parts[0]).orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST,
                    "Invalid order field '" + (parts[0].length() > 40 ? parts[0].substring(0, 40) + "…" : parts[0])
                            + "' for table '" + table.name() + "'."));
            String direction = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "ASC";
            if (parts.length > 2 || !(direction.equals("ASC") || direction.equals("DESC"))) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Order terms look like 'name ASC' or 'name DESC'.");
            }
            terms.add(quote(column.name()) + " " + direction);
        }
        if (terms.isEmpty() && !group.isEmpty()) {
            group.forEach(column -> terms.add(quote(column.name())));
        }
        if (terms.isEmpty()) {
            List<String> key = idField.map(List::of).orElse(table.primaryKey());
            key.forEach(column -> table.column(column).ifPresent(known -> terms.add(quote(known.name()))));
        }
        return terms.isEmpty() ? "" : " ORDER BY " + String.join(", ", terms);
    }

    static PorticoException notFound(String id) {
        return new PorticoException(ErrorCode.NOT_FOUND, "Record with identifier '"
                + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "' not found.");
    }
}
