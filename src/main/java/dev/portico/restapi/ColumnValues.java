package dev.portico.restapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.services.Column;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Column values in and out of a service's database: a JSON value bound to a statement by the
 * column's type, and a result column read as the JSON value a client sees (dates and times as the
 * database writes them, binary as base64). Stateless.
 */
final class ColumnValues {
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,19}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d{1,200}(\\.\\d{0,200})?|\\.\\d{1,200})([eE][+-]?\\d{1,4})?");

    private ColumnValues() {
    }

    static Object read(ResultSet rows, int index, Column column) throws SQLException {
        Object value = switch (column.type()) {
            case TEXT, DATETIME, DATE, TIME, JSON -> rows.getString(index);
            case BINARY -> {
                byte[] bytes = rows.getBytes(index);
                yield bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
            }
            default -> rows.getObject(index);
        };
        if (value == null || rows.wasNull()) {
            return null;
        }
        if (column.type() == dev.portico.services.ColumnType.BOOLEAN) {
            return value instanceof Boolean flag ? flag : value instanceof Number number ? number.intValue() != 0
                    : Boolean.parseBoolean(value.toString());
        }
        return value;
    }

    static void bind(PreparedStatement statement, int index, Column column, JsonNode value, String table,
                     DatabaseEngine engine) throws SQLException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            statement.setNull(index, column.jdbcType());
            return;
        }
        switch (column.type()) {
            case INTEGER -> {
                String text = value.isNumber() || value.isTextual() ? value.asText().strip() : "";
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    statement.setLong(index, value.asLong());
                } else if (WHOLE.matcher(text).matches()) {
                    statement.setLong(index, Long.parseLong(text.startsWith("+") ? text.substring(1) : text));
                } else {
                    throw mismatch(column, table, "a whole number");
                }
            }
            case DECIMAL -> {
                String text = value.isNumber() || value.isTextual() ? value.asText().strip() : "";
                if (!NUMBER.matcher(text).matches()) {
                    throw mismatch(column, table, "a number");
                }
                BigDecimal number = value.isNumber() ? value.decimalValue() : new BigDecimal(text);
                if (engine == DatabaseEngine.SQLITE) {
                    statement.setDouble(index, number.doubleValue());
                } else {
                    statement.setBigDecimal(index, number);
                }
            }
            case BOOLEAN -> {
                boolean flag = switch (value.asText().strip().toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> true;
                    case "false", "0" -> false;
                    default -> throw mismatch(column, table, "true or false");
                };
                if (engine == DatabaseEngine.SQLITE) {
                    statement.setInt(index, flag ? 1 : 0);
                } else {
                    statement.setBoolean(index, flag);
                }
            }
            case BINARY -> {
                try {
                    statement.setBytes(index, Base64.getDecoder().decode(value.asText()));
                } catch (IllegalArgumentException e) {
                    throw mismatch(column, table, "base64-encoded bytes");
                }
            }
            case JSON -> statement.setString(index, value.isTextual() ? value.asText() : value.toString());
            default -> {
                if (value.isContainerNode()) {
                    if (column.type() != dev.portico.services.ColumnType.TEXT) {
                        throw mismatch(column, table, "a date or time as text");
                    }
                    statement.setString(index, value.toString());
                } else {
                    statement.setString(index, text(value.asText(), column, table));
                }
            }
        }
    }

    /** PostgreSQL refuses NUL in text; refusing it everywhere keeps the engines alike. */
    private static String text(String text, Column column, String table) {
        if (text.indexOf('\0') >= 0) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Field '" + column.name() + "' of table '" + table
                    + "' cannot hold a NUL character.");
        }
        return text;
    }

    private static PorticoException mismatch(Column column, String table, String expected) {
        return new PorticoException(ErrorCode.BAD_REQUEST, "Field '" + column.name() + "' of table '" + table
                + "' (" + column.dbType() + ") takes " + expected + "; the value given is not one.");
    }
}
