package dev.portico.restapi;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.services.DatabaseService;
import dev.portico.services.TableSchema;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's database refused, as a client error naming the field: unique keys (409),
 * foreign keys (400 on a write that points nowhere, 409 on a delete of a record still referred to),
 * required fields and values that do not fit (400). Lost connections are 503; anything else is a
 * server failure (500, detail in the log). Knows the messages of PostgreSQL, MySQL/MariaDB and SQLite.
 */
final class WriteErrors {
    private static final Pattern PG_KEY = Pattern.compile("Key \\(([^)]+)\\)=");
    private static final Pattern PG_COLUMN = Pattern.compile("column \"([^\"]+)\"");
    private static final Pattern PG_REFERENCED = Pattern.compile("referenced from table \"([^\"]+)\"");
    private static final Pattern MYSQL_KEY = Pattern.compile("for key '(?:[^'.]*\\.)?([^']+)'");
    private static final Pattern MYSQL_FOREIGN = Pattern.compile("FOREIGN KEY \\(`([^`]+)`\\)");
    private static final Pattern MYSQL_CHILD = Pattern.compile("constraint fails \\(`[^`]*`\\.`([^`]+)`");
    private static final Pattern MYSQL_COLUMN = Pattern.compile("(?:Column|Field) '([^']+)'");
    private static final Pattern SQLITE_COLUMNS = Pattern.compile("constraint failed: ([^)\\n]+)");

    private WriteErrors() {
    }

    static PorticoException explain(SQLException error, DatabaseService service, TableSchema table) {
        String state = error.getSQLState() == null ? "" : error.getSQLState();
        String message = String.valueOf(error.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        int code = error.getErrorCode();
        String where = "table '" + table.name() + "'";
        if (state.startsWith("08") || lower.contains("connection is not available")) {
            return service.unavailable(error);
        }
        if (state.equals("23505") || code == 1062 || lower.contains("unique constraint failed")) {
            String field = field(message, table).orElse("a unique field");
            return new PorticoException(ErrorCode.CONFLICT, "Duplicate value for " + named(field) + " of " + where
                    + ": another record already has it.", error);
        }
        if (state.equals("23503") || code == 1451 || code == 1452 || lower.contains("foreign key constraint failed")) {
            boolean referenced = lower.contains("still referenced") || code == 1451;
            if (referenced) {
                String child = first(message, PG_REFERENCED).or(() -> first(message, MYSQL_CHILD)).orElse("another table");
                return new PorticoException(ErrorCode.CONFLICT, "The record of " + where + " is still referred to by "
                        + "records of '" + child + "'; change or delete those first.", error);
            }
            Optional<String> field = first(message, PG_KEY).or(() -> first(message, MYSQL_FOREIGN));
            return new PorticoException(ErrorCode.BAD_REQUEST, field.map(f -> "Field '" + f + "' of " + where
                    + " refers to a record that does not exist.").orElse("A foreign key of " + where + " (one of "
                    + table.foreignKeys().stream().map(k -> k.column()).distinct().toList() + ") refers to a record "
                    + "that does not exist, or the record is still referred to by others."), error);
        }
        if (state.equals("23502") || code == 1048 || code == 1364 || lower.contains("not null constraint failed")) {
            String field = field(message, table).orElse("a required field");
            return new PorticoException(ErrorCode.BAD_REQUEST, "Required " + named(field) + " of " + where
                    + " cannot be null.", error);
        }
        if (state.equals("23514") || code == 3819 || code == 4025 || lower.contains("check constraint failed")) {
            return new PorticoException(ErrorCode.BAD_REQUEST, "A value breaks a check constraint of " + where + ".", error);
        }
        if (state.startsWith("22") || state.startsWith("23") || code == 1265 || code == 1366 || code == 1406
                || code == 1292 || lower.contains("datatype mismatch")) {
            String reason = service.scrub(message).lines().findFirst().orElse("").strip();
            return new PorticoException(ErrorCode.BAD_REQUEST, "A value does not fit its field in " + where + ": "
                    + (reason.length() > 200 ? reason.substring(0, 200) + "…" : reason), error);
        }
        return new PorticoException(ErrorCode.FAILED, "A statement on " + where + " of service '" + service.name()
                + "' failed: " + service.scrub(message), error);
    }

    /** The column a message names, checked against the table. */
    private static Optional<String> field(String message, TableSchema table) {
        Optional<String> named = first(message, PG_KEY).or(() -> first(message, PG_COLUMN))
                .or(() -> first(message, MYSQL_COLUMN)).or(() -> first(message, MYSQL_KEY)
                        .map(key -> key.equals("PRIMARY") ? String.join(", ", table.primaryKey()) : key))
                .or(() -> first(message, SQLITE_COLUMNS).map(columns -> columns.replaceAll("[^,\\s]+\\.", "")));
        return named.map(String::strip);
    }

    private static String named(String field) {
        return field.startsWith("a ") ? field : "field '" + field + "'";
    }

    private static Optional<String> first(String message, Pattern pattern) {
        Matcher matcher = pattern.matcher(message);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
