package dev.portico.services;

import dev.portico.config.DatabaseEngine;
import dev.portico.filter.FieldKind;
import java.sql.Types;
import java.util.Locale;

/**
 * What kind of values a column of a service's table holds, read from its declared type: decides how
 * values are bound on writes, rendered in responses, and typecast in filters.
 */
public enum ColumnType {
    INTEGER, DECIMAL, BOOLEAN, TEXT, DATETIME, DATE, TIME, JSON, BINARY;

    /** Classifies by the declared type name first (SQLite has only names), then by the JDBC type. */
    static ColumnType classify(String typeName, int jdbcType) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.contains("bool") || jdbcType == Types.BOOLEAN || jdbcType == Types.BIT && !name.startsWith("bit(")) {
            return BOOLEAN;
        }
        if (name.contains("json")) {
            return JSON;
        }
        if (name.contains("blob") || name.contains("binary") || name.equals("bytea") || jdbcType == Types.BINARY
                || jdbcType == Types.VARBINARY || jdbcType == Types.LONGVARBINARY || jdbcType == Types.BLOB) {
            return BINARY;
        }
        if (name.contains("timestamp") || name.contains("datetime") || jdbcType == Types.TIMESTAMP
                || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE) {
            return DATETIME;
        }
        if (name.equals("date") || jdbcType == Types.DATE) {
            return DATE;
        }
        if (name.startsWith("time") || jdbcType == Types.TIME || jdbcType == Types.TIME_WITH_TIMEZONE) {
            return TIME;
        }
        boolean integral = name.contains("int") && !name.contains("interval") && !name.contains("point");
        if (integral || jdbcType == Types.TINYINT || jdbcType == Types.SMALLINT || jdbcType == Types.INTEGER
                || jdbcType == Types.BIGINT) {
            return INTEGER;
        }
        if (name.contains("real") || name.contains("floa") || name.contains("doub") || name.contains("dec")
                || name.contains("numeric") || name.equals("money") || jdbcType == Types.DECIMAL
                || jdbcType == Types.NUMERIC || jdbcType == Types.FLOAT || jdbcType == Types.REAL
                || jdbcType == Types.DOUBLE) {
            return DECIMAL;
        }
        return TEXT;
    }

    /**
     * The kind a filter typecasts this column's values to on {@code engine}, or null when filters may
     * not name it (JSON documents and binary data). SQLite stores dates as text in any format, so
     * they compare as text there; times compare as text everywhere.
     */
    public FieldKind filterKind(DatabaseEngine engine) {
        return switch (this) {
            case INTEGER -> FieldKind.INTEGER;
            case DECIMAL -> FieldKind.DECIMAL;
            case BOOLEAN -> FieldKind.BOOLEAN;
            case TEXT, TIME -> FieldKind.TEXT;
            case DATETIME, DATE -> engine == DatabaseEngine.SQLITE ? FieldKind.TEXT : FieldKind.TIMESTAMP;
            case JSON, BINARY -> null;
        };
    }
}
