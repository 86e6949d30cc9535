package dev.portico.restapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.filter.FilterNode;
import dev.portico.services.Column;
import dev.portico.services.DatabaseService;
import dev.portico.services.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * INSERT, UPDATE and DELETE of one record of a service's table, inside a transaction the caller
 * holds. The role's row filters bound every write: an update or delete only finds records the role
 * can see, and a record created or changed must still be one the role can see, else the write is
 * refused (403) and rolled back. Thread-safe.
 */
final class TableWriter {
    private final DatabaseService service;
    private final TableReader reader;

    TableWriter(DatabaseService service, TableReader reader) {
        this.service = service;
        this.reader = reader;
    }

    /** Inserts a record; returns its key (column → value), empty for a table without one. */
    Map<String, Object> insert(Connection connection, TableSchema table, JsonNode record, Optional<FilterNode> rows)
            throws SQLException {
        Map<Column, JsonNode> values = values(table, record, null);
        for (Column column : table.columns()) {
            JsonNode value = values.get(column);
            if (!column.optionalOnInsert() && (value == null || value.isNull())) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "Field '" + column.name() + "' of table '"
                        + table.name() + "' is required: it cannot be null and has no default.");
            }
        }
        List<String> names = new ArrayList<>();
        values.keySet().forEach(column -> names.add(reader.quote(column.name())));
        String sql = "INSERT INTO " + table.quotedName() + (names.isEmpty()
                ? (service.engine() == DatabaseEngine.MYSQL ? " () VALUES ()" : " DEFAULT VALUES")
                : " (" + String.join(", ", names) + ") VALUES (" + "?, ".repeat(names.size() - 1) + "?)");
        Map<String, Object> key = new LinkedHashMap<>();
        table.primaryKey().forEach(column -> {
            JsonNode given = record.get(column);
            if (given != null && !given.isNull()) {
                key.put(column, given);
            }
        });
        boolean generated = key.size() < table.primaryKey().size();
        try (PreparedStatement statement = generated ? connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
                : connection.prepareStatement(sql)) {
            bind(statement, values, table);
            statement.executeUpdate();
            if (generated && table.primaryKey().size() == 1) {
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    if (keys.next()) {
                        String column = table.primaryKey().get(0);
                        key.put(column, service.engine() == DatabaseEngine.POSTGRESQL ? keys.getObject(column) : keys.getObject(1));
                    }
                }
            }
        }
        requireVisible(connection, table, key, rows);
        return key;
    }

    /** Changes the fields a record sends, found by {@code key}; returns the key it has afterwards. */
    Map<String, Object> update(Connection connection, TableSchema table, Column key, String id, JsonNode record,
                               Optional<FilterNode> rows) throws SQLException {
        Map<Column, JsonNode> values = values(table, record, key);
        List<Object> parameters = new ArrayList<>();
        String where = new Conditions(table, service.engine()).key(key, id).rows(rows).render(parameters);
        if (values.isEmpty()) {
            if (reader.count(connection, table, where, parameters) == 0) {
                throw TableReader.notFound(id);
            }
        } else {
            List<String> sets = new ArrayList<>();
            values.keySet().forEach(column -> sets.add(reader.quote(column.name()) + " = ?"));
            try (PreparedStatement statement = connection.prepareStatement("UPDATE " + table.quotedName()
                    + " SET " + String.join(", ", sets) + where)) {
                int next = bind(statement, values, table);
                for (Object parameter : parameters) {
                    statement.setObject(next++, parameter);
                }
                if (statement.executeUpdate() == 0) {
                    throw TableReader.notFound(id);
                }
            }
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put(key.name(), id);
        requireVisible(connection, table, after, rows);
        return after;
    }

    /** Deletes the record found by {@code key}; 404 when the role cannot see one. */
    void delete(Connection connection, TableSchema table, Column key, String id, Optional<FilterNode> rows)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = new Conditions(table, service.engine()).key(key, id).rows(rows).render(parameters);
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table.quotedName() + where)) {
            TableReader.bind(statement, parameters);
            if (statement.executeUpdate() == 0) {
                throw TableReader.notFound(id);
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("FOREIGN KEY constraint failed")) {
                // SQLite does not say which key: on a delete it can only be a record that others refer to
                List<String> children = table.relations().stream().filter(r -> r.type().equals("has_many"))
                        .map(r -> r.refTable()).distinct().toList();
                throw new PorticoException(ErrorCode.CONFLICT, "The record of table '" + table.name() + "' is still "
                        + "referred to by records of " + (children.isEmpty() ? "another table" : String.join(", ", children))
                        + "; change or delete those first.", e);
            }
            throw e;
        }
    }

    /** A written record must stay inside the role's rows; otherwise the write is refused and rolled back. */
    private void requireVisible(Connection connection, TableSchema table, Map<String, Object> key,
                                Optional<FilterNode> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (key.isEmpty()) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "Table '" + table.name() + "' has no key to check a written "
                    + "record against this role's row filters, so the role may not write to it.");
        }
        Conditions conditions = new Conditions(table, service.engine()).rows(rows);
        key.forEach((column, value) -> conditions.key(table.column(column).orElseThrow(), text(value)));
        List<Object> parameters = new ArrayList<>();
        String where = conditions.render(parameters);
        if (reader.count(connection, table, where, parameters) == 0) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "The record would be outside the rows this role may use "
                    + "(its row filters on table '" + table.name() + "'), so nothing was written.");
        }
    }

    /** The known columns a record sets, in its order; an unknown field is a 400. The key column is left out. */
    private Map<Column, JsonNode> values(TableSchema table, JsonNode record, Column key) {
        if (record == null || !record.isObject()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Each record of table '" + table.name()
                    + "' must be a JSON object.");
        }
        Map<Column, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : record.properties()) {
            Column column = table.column(member.getKey()).orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST,
                    "Unknown field '" + (member.getKey().length() > 40 ? member.getKey().substring(0, 40) + "…"
                            : member.getKey()) + "' for table '" + table.name() + "'."));
            if (!column.equals(key)) {
                values.put(column, member.getValue());
            }
        }
        return values;
    }

    private int bind(PreparedStatement statement, Map<Column, JsonNode> values, TableSchema table) throws SQLException {
        int index = 1;
        for (Map.Entry<Column, JsonNode> value : values.entrySet()) {
            ColumnValues.bind(statement, index++, value.getKey(), value.getValue(), table.name(), service.engine());
        }
        return index;
    }

    /** A key value as the text a key condition takes. */
    static String text(Object value) {
        return value instanceof JsonNode node ? node.asText() : String.valueOf(value);
    }

    /** A copy of {@code template} whose key column is {@code id}. */
    static ObjectNode withKey(JsonNode template, Column key, String id) {
        if (template == null || !template.isObject()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Send one record (a JSON object) to apply to the ids given.");
        }
        return ((ObjectNode) template.deepCopy()).put(key.name(), id);
    }
}
