package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows of a live system database, read through a forward-only result set (rows ordered by id) and
 * turned into neutral values: what a backup writes and a clone loads. Memory does not grow with the
 * table. Run it inside a {@link Snapshot} so every table is from the same moment. Not thread-safe.
 */
final class TableRows implements RowSource {
    static final DateTimeFormatter TIMESTAMP = UtcTimestamps.SQLITE_TEXT;
    // rows per round trip: fewer waits on the server, still a few MB at most
    private static final int FETCH_SIZE = 5000;

    private final Connection connection;
    private final DatabaseEngine engine;

    TableRows(Connection connection, DatabaseEngine engine) {
        this.connection = connection;
        this.engine = engine;
    }

    /** The fastest reader of a live database's rows: COPY on PostgreSQL ({@link CopyRows}), a result set elsewhere. */
    static RowSource live(Connection connection, DatabaseEngine engine) throws SQLException {
        return engine == DatabaseEngine.POSTGRESQL ? new CopyRows(connection) : new TableRows(connection, engine);
    }

    @Override
    public long read(String table, List<BackupManifest.Column> columns, RowReader.RowSink sink) throws Exception {
        String names = columns.stream().map(this::selected).collect(Collectors.joining(", "));
        String orderBy = columns.stream().anyMatch(column -> column.name().equals("id")) ? " ORDER BY id" : "";
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + names + " FROM " + quote(table)
                + orderBy, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(FETCH_SIZE);
            Object[] values = new Object[columns.size()];
            long rows = 0;
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    for (int index = 0; index < columns.size(); index++) {
                        values[index] = value(result, index + 1, table, columns.get(index));
                    }
                    rows++;
                    sink.accept(values);
                }
            }
            return rows;
        }
    }

    private Object value(ResultSet result, int index, String table, BackupManifest.Column column) throws SQLException {
        return switch (column.type()) {
            case INTEGER -> {
                long value = result.getLong(index);
                yield result.wasNull() ? null : value;
            }
            case BOOLEAN -> {
                // SQLite stores 0/1; anything else there is a row the CHECK should have refused
                long value = engine == DatabaseEngine.SQLITE ? result.getLong(index) : result.getBoolean(index) ? 1 : 0;
                if (result.wasNull()) {
                    yield null;
                }
                if (value != 0 && value != 1) {
                    throw badValue(table, column, String.valueOf(value), "0 or 1");
                }
                yield value == 1;
            }
            case TEXT -> result.getString(index);
            case TIMESTAMP -> timestamp(result, index, table, column);
        };
    }

    private String timestamp(ResultSet result, int index, String table, BackupManifest.Column column)
            throws SQLException {
        if (engine != DatabaseEngine.SQLITE) {
            // the server's own text is already valid; padding its fraction is all that is needed (and several
            // times cheaper than parsing it into a LocalDateTime and formatting that)
            String text = result.getString(index);
            String canonical = text == null ? null : canonical(text);
            if (text == null || canonical != null) {
                return canonical;
            }
            LocalDateTime value = result.getObject(index, LocalDateTime.class);
            return value == null ? null : TIMESTAMP.format(value);
        }
        String text = result.getString(index);
        // SQLite stores free text: a canonical shape is checked to name a real date and time
        return text == null ? null : fromText(text, true, table, column);
    }

    /**
     * A timestamp's text in the archive's form: the shape our schemas write needs no parse (the parse was ~40 % of
     * a SQLite backup's CPU); any other text is parsed, which also refuses what is not a timestamp. With
     * {@code checkRange} a canonical text is also checked to name a real date and time (text a server wrote as a
     * timestamp always does).
     */
    static String fromText(String text, boolean checkRange, String table, BackupManifest.Column column) {
        String canonical = canonical(text);
        if (canonical != null && (!checkRange || inRange(canonical))) {
            return canonical;
        }
        try {
            // normalised, so a value written with fewer fraction digits still reads the same on every engine
            return TIMESTAMP.format(LocalDateTime.parse(text.strip().replace(' ', 'T')));
        } catch (DateTimeParseException e) {
            throw badValue(table, column, text, "a UTC timestamp YYYY-MM-DD HH:MM:SS.ffffff");
        }
    }

    /**
     * {@code YYYY-MM-DD HH:MM:SS[.f…]} with 0 to 6 fraction digits as {@code YYYY-MM-DD HH:MM:SS.ffffff};
     * null for any other shape (the caller then takes the slow, general path).
     */
    static String canonical(String text) {
        int length = text.length();
        if (length < 19 || length == 20 || length > 26 || !digits(text, 0, 4) || text.charAt(4) != '-'
                || !digits(text, 5, 7) || text.charAt(7) != '-' || !digits(text, 8, 10) || text.charAt(10) != ' '
                || !digits(text, 11, 13) || text.charAt(13) != ':' || !digits(text, 14, 16) || text.charAt(16) != ':'
                || !digits(text, 17, 19) || (length > 19 && (text.charAt(19) != '.' || !digits(text, 20, length)))) {
            return null;
        }
        StringBuilder out = new StringBuilder(26).append(text);
        if (length == 19) {
            out.append('.');
        }
        while (out.length() < 26) {
            out.append('0');
        }
        return out.toString();
    }

    /** Whether a canonical text names a real date and time (year 1 or later, as the formatter prints it). */
    private static boolean inRange(String canonical) {
        int year = number(canonical, 0, 4);
        if (year < 1) {
            return false;
        }
        try {
            LocalDateTime.of(year, number(canonical, 5, 7), number(canonical, 8, 10), number(canonical, 11, 13),
                    number(canonical, 14, 16), number(canonical, 17, 19));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The number the ASCII digits {@code [from, to)} of {@code digits} write. */
    static int number(String digits, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + digits.charAt(i) - '0';
        }
        return value;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A column as the SELECT names it. MariaDB's driver parses a DATETIME's text and formats it again for
     * getString (String.format: more than half of a MariaDB backup's CPU); cast to text, it arrives as the server
     * wrote it, the same characters, four times faster.
     */
    private String selected(BackupManifest.Column column) {
        return engine == DatabaseEngine.MYSQL && column.type() == ColumnType.TIMESTAMP
                ? "CAST(" + quote(column.name()) + " AS CHAR)" : quote(column.name());
    }

    private String quote(String identifier) {
        return engine == DatabaseEngine.MYSQL ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }

    static PorticoException badValue(String table, BackupManifest.Column column, String value, String expected) {
        return new PorticoException(ErrorCode.FAILED, "Cannot read " + table + "." + column.name() + ": it holds '"
                + value + "' where the schema expects " + expected + ". Fix that row, then try again.");
    }
}
