package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * The rows of a live PostgreSQL system database, read with {@code COPY (SELECT … ORDER BY id) TO STDOUT} in
 * text format and turned into the same neutral values as {@link TableRows}. The server streams the rows
 * without waiting for the client between batches (a cursor's fetches take turns with the client), and a row
 * arrives as one UTF-8 line, decoded here without the driver's per-value work. The COPY runs in the
 * {@link Snapshot}'s transaction, so it sees the same moment as every other table. Not thread-safe.
 */
final class CopyRows implements RowSource {
    private final CopyManager copy;
    private byte[] unescaped = new byte[256];

    CopyRows(Connection connection) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    @Override
    public long read(String table, List<BackupManifest.Column> columns, RowReader.RowSink sink) throws Exception {
        String names = columns.stream().map(column -> quote(column.name())).collect(Collectors.joining(", "));
        String orderBy = columns.stream().anyMatch(column -> column.name().equals("id")) ? " ORDER BY id" : "";
        CopyOut out = copy.copyOut("COPY (SELECT " + names + " FROM " + quote(table) + orderBy + ") TO STDOUT");
        try {
            Object[] values = new Object[columns.size()];
            long rows = 0;
            for (byte[] line = out.readFromCopy(); line != null; line = out.readFromCopy()) {
                parse(line, values, table, columns);
                rows++;
                sink.accept(values);
            }
            return rows;
        } catch (Exception | Error failure) {
            leaveCopyMode(out, failure);
            throw failure;
        }
    }

    /**
     * After a failure half-way, the connection must leave COPY mode before it is used again. A cancel request is
     * no way out: the server acts on it only once the COPY has sent everything, and then cancels the connection's
     * next statement instead. Reading to the end costs the rest of this one table.
     */
    private static void leaveCopyMode(CopyOut out, Throwable failure) {
        try {
            while (out.isActive() && out.readFromCopy() != null) {
                continue;
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** One line of COPY text: fields split on tabs, {@code \N} is NULL, ends with a newline. */
    private void parse(byte[] line, Object[] values, String table, List<BackupManifest.Column> columns) {
        int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        int start = 0;
        for (int index = 0; index < values.length; index++) {
            int stop = start;
            boolean escaped = false;
            while (stop < end && line[stop] != '\t') {
                escaped |= line[stop] == '\\';
                stop++;
            }
            if (stop == end && index < values.length - 1 || stop < end && index == values.length - 1) {
                throw new PorticoException(ErrorCode.FAILED, "Cannot read " + table + ": the server sent a row with "
                        + "a different number of fields than the " + values.length + " columns asked for, so it cannot be "
                        + "backed up as it is. Report it with the output of `\\d " + table + "` in psql.");
            }
            values[index] = escaped && stop - start == 2 && line[start + 1] == 'N' ? null
                    : value(line, start, stop, escaped, table, columns.get(index));
            start = stop + 1;
        }
    }

    private Object value(byte[] line, int from, int to, boolean escaped, String table, BackupManifest.Column column) {
        return switch (column.type()) {
            case INTEGER -> integer(line, from, to, table, column);
            case BOOLEAN -> {
                if (to - from == 1 && (line[from] == 't' || line[from] == 'f')) {
                    yield line[from] == 't';
                }
                throw TableRows.badValue(table, column, text(line, from, to, escaped), "t or f");
            }
            case TEXT -> text(line, from, to, escaped);
            // the server's text (DateStyle ISO, as the driver sets it) names a real date and time
            case TIMESTAMP -> TableRows.fromText(text(line, from, to, escaped), false, table, column);
        };
    }

    private static Long integer(byte[] line, int from, int to, String table, BackupManifest.Column column) {
        boolean negative = from < to && line[from] == '-';
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long value = 0; // accumulated as a negative number, as Long.parseLong does, so Long.MIN_VALUE fits
        for (int digit = negative ? from + 1 : from; digit < to; digit++) {
            int d = line[digit] - '0';
            if (d < 0 || d > 9 || value < limit / 10 || value * 10 < limit + d) {
                throw TableRows.badValue(table, column, new String(line, from, to - from, StandardCharsets.UTF_8),
                        "a 64-bit integer");
            }
            value = value * 10 - d;
        }
        if (to - from == (negative ? 1 : 0)) {
            throw TableRows.badValue(table, column, new String(line, from, to - from, StandardCharsets.UTF_8),
                    "a 64-bit integer");
        }
        return negative ? value : -value;
    }

    /** The field's text: COPY escapes backslash, tab, newline, carriage return, and \b \f \v; octal and \x too. */
    private String text(byte[] line, int from, int to, boolean escaped) {
        if (!escaped) {
            return new String(line, from, to - from, StandardCharsets.UTF_8);
        }
        if (unescaped.length < to - from) {
            unescaped = Arrays.copyOf(unescaped, Math.max(to - from, unescaped.length * 2));
        }
        int length = 0;
        for (int i = from; i < to; i++) {
            byte b = line[i];
            if (b != '\\' || i + 1 == to) {
                unescaped[length++] = b;
                continue;
            }
            byte next = line[++i];
            switch (next) {
                case 'b' -> unescaped[length++] = '\b';
                case 'f' -> unescaped[length++] = '\f';
                case 'n' -> unescaped[length++] = '\n';
                case 'r' -> unescaped[length++] = '\r';
                case 't' -> unescaped[length++] = '\t';
                case 'v' -> unescaped[length++] = 0x0b;
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < to && Character.digit(line[i + 1], 16) >= 0) {
                        value = value * 16 + Character.digit(line[++i], 16);
                        digits++;
                    }
                    unescaped[length++] = digits == 0 ? (byte) 'x' : (byte) value;
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int value = next - '0';
                        for (int digits = 1; digits < 3 && i + 1 < to && line[i + 1] >= '0' && line[i + 1] <= '7'; digits++) {
                            value = value * 8 + line[++i] - '0';
                        }
                        unescaped[length++] = (byte) value;
                    } else {
                        unescaped[length++] = next; // \\ and any other escaped character stand for themselves
                    }
                }
            }
        }
        return new String(unescaped, 0, length, StandardCharsets.UTF_8);
    }

    private static String quote(String name) {
        return TargetTables.quote(DatabaseEngine.POSTGRESQL, name);
    }
}
