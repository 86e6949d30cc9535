package dev.portico.backup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Portico's engine-neutral column types, as an archive names them. A restore binds each value by
 * this type, never by guessing from the value. Integers are 64-bit signed whatever the column's width.
 */
public enum ColumnType {
    INTEGER("integer"),
    BOOLEAN("boolean"),
    TEXT("text"),
    /** UTC, written as {@code YYYY-MM-DD HH:MM:SS.ffffff}. */
    TIMESTAMP("timestamp");

    private final String archiveName;

    ColumnType(String archiveName) {
        this.archiveName = archiveName;
    }

    @JsonValue
    public String archiveName() {
        return archiveName;
    }

    @JsonCreator
    public static ColumnType fromArchiveName(String name) {
        return Arrays.stream(values()).filter(type -> type.archiveName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown column type '" + name + "'"));
    }

    /** The neutral type of a PostgreSQL column, from its JDBC {@code TYPE_NAME}. */
    static ColumnType ofPostgresql(String table, String column, String typeName) {
        return switch (typeName.toLowerCase(Locale.ROOT)) {
            case "int8", "int4", "int2" -> INTEGER;
            case "bool" -> BOOLEAN;
            case "varchar", "text" -> TEXT;
            case "timestamp" -> TIMESTAMP;
            default -> throw unknown(table, column, typeName, "PostgreSQL");
        };
    }

    /** The neutral type of a MySQL/MariaDB column; BOOLEAN is TINYINT(1), reported as BIT or BOOLEAN. */
    static ColumnType ofMysql(String table, String column, String typeName) {
        return switch (typeName.toLowerCase(Locale.ROOT)) {
            case "bigint", "int", "integer", "smallint" -> INTEGER;
            case "bit", "boolean", "tinyint" -> BOOLEAN;
            case "varchar", "text", "mediumtext", "longtext" -> TEXT;
            case "datetime", "timestamp" -> TIMESTAMP;
            default -> throw unknown(table, column, typeName, "MySQL");
        };
    }

    /**
     * The neutral type of a SQLite column. SQLite stores only INTEGER and TEXT, so our schema marks
     * the rest by convention (see the header of the SQLite V1 migration): a boolean is an INTEGER
     * with {@code CHECK (col IN (0, 1))}, a timestamp is a TEXT column named {@code *_at} or
     * {@code revoked_before}. {@code BackupAcrossEnginesTest} proves these agree with PostgreSQL.
     */
    static ColumnType ofSqlite(String table, String column, String typeName, boolean booleanCheck) {
        return switch (typeName.toUpperCase(Locale.ROOT)) {
            case "INTEGER" -> booleanCheck ? BOOLEAN : INTEGER;
            case "TEXT" -> column.endsWith("_at") || column.equals("revoked_before") ? TIMESTAMP : TEXT;
            default -> throw unknown(table, column, typeName, "SQLite");
        };
    }

    private static PorticoException unknown(String table, String column, String typeName, String engine) {
        return new PorticoException(ErrorCode.FAILED, "Column " + table + "." + column + " has the " + engine
                + " type " + typeName + ", which the backup format has no type for. This Portico cannot back up "
                + "this schema: was the system database changed by hand?");
    }
}
