package dev.portico.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Writes rows of neutral values ({@link Long}, {@link Boolean}, {@link String}) in PostgreSQL's binary COPY
 * format, which the server stores without parsing text: every value goes as its column's own binary form
 * (integers at the column's width, booleans as one byte, text as UTF-8, timestamps as microseconds since
 * 2000-01-01), so no escaping, and no text-to-number or text-to-timestamp conversion per value on the server.
 * An integer too wide for its column, or a timestamp that is not a real date and time, fails the row
 * naming the column. Gathers 64 KiB before writing. Not thread-safe.
 */
final class CopyBinary {
    /** The PostgreSQL column types a Portico schema uses ({@link ColumnType#ofPostgresql}). */
    enum Kind {
        INT2, INT4, INT8, BOOL, TEXT, TIMESTAMP;

        /** The kind of a column of PostgreSQL type {@code typeName} ({@code pg_type.typname}). */
        static Kind of(String table, String column, String typeName) throws SQLException {
            return switch (typeName.toLowerCase(Locale.ROOT)) {
                case "int2" -> INT2;
                case "int4" -> INT4;
                case "int8" -> INT8;
                case "bool" -> BOOL;
                case "text", "varchar" -> TEXT;
                case "timestamp" -> TIMESTAMP;
                default -> throw new SQLException("the target's column " + table + "." + column + " has the type "
                        + typeName + ", which a restore does not load");
            };
        }
    }

    private static final int BUFFER = 1 << 16;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final long DAYS_1970_TO_2000 = 10_957;

    private final OutputStream out;
    private final String table;
    private final List<String> columns;
    private final Kind[] kinds;
    private final byte[] buffer = new byte[BUFFER];
    private int used;

    /** {@code columns} and {@code kinds} in the order of the COPY's column list and of each row's values. */
    CopyBinary(OutputStream out, String table, List<String> columns, List<Kind> kinds) throws IOException {
        this.out = out;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.kinds = kinds.toArray(Kind[]::new);
        bytes(SIGNATURE, 0, SIGNATURE.length);
        putInt(0); // flags: no OIDs
        putInt(0); // no header extension
    }

    /** Writes one row, values in column order. */
    void row(Object[] values) throws IOException, SQLException {
        room(2);
        putShort(values.length);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                room(4);
                putInt(-1);
                continue;
            }
            switch (kinds[i]) {
                case INT2 -> {
                    room(6);
                    putInt(2);
                    putShort((int) fitting((Long) value, Short.MIN_VALUE, Short.MAX_VALUE, i));
                }
                case INT4 -> {
                    room(8);
                    putInt(4);
                    putInt((int) fitting((Long) value, Integer.MIN_VALUE, Integer.MAX_VALUE, i));
                }
                case INT8 -> {
                    room(12);
                    putInt(8);
                    putLong((Long) value);
                }
                case BOOL -> {
                    room(5);
                    putInt(1);
                    buffer[used++] = (byte) ((Boolean) value ? 1 : 0);
                }
                case TEXT -> {
                    byte[] text = ((String) value).getBytes(StandardCharsets.UTF_8); // unpaired surrogate: '?'
                    room(4);
                    putInt(text.length);
                    bytes(text, 0, text.length);
                }
                case TIMESTAMP -> {
                    long micros = micros((String) value, i);
                    room(12);
                    putInt(8);
                    putLong(micros);
                }
            }
        }
    }

    /** Writes the end of the data and hands everything to the stream. */
    void finish() throws IOException {
        room(2);
        putShort(-1);
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    private long fitting(long value, long min, long max, int column) throws SQLException {
        if (value < min || value > max) {
            throw new SQLException("COPY into " + table + " failed: " + value + " does not fit the column "
                    + columns.get(column) + " (" + kinds[column].name().toLowerCase(Locale.ROOT) + ")", "22003");
        }
        return value;
    }

    /** {@code YYYY-MM-DD HH:MM:SS.ffffff} (UTC, as the archive writes it) as microseconds since 2000-01-01. */
    private long micros(String text, int column) throws SQLException {
        if (RowReader.timestamp(text)) {
            int year = TableRows.number(text, 0, 4);
            int hour = TableRows.number(text, 11, 13);
            int minute = TableRows.number(text, 14, 16);
            int second = TableRows.number(text, 17, 19);
            if (year > 0 && hour < 24 && minute < 60 && second < 60) {
                try {
                    long days = LocalDate.of(year, TableRows.number(text, 5, 7), TableRows.number(text, 8, 10))
                            .toEpochDay() - DAYS_1970_TO_2000;
                    return ((days * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L + TableRows.number(text, 20, 26);
                } catch (DateTimeException e) {
                    // not a day of the calendar (February 30th): refused below
                }
            }
        }
        throw new SQLException("COPY into " + table + " failed: '" + text + "' in the column " + columns.get(column)
                + " is not a date and time YYYY-MM-DD HH:MM:SS.ffffff", "22008");
    }

    private void room(int bytes) throws IOException {
        if (used + bytes > BUFFER) {
            out.write(buffer, 0, used);
            used = 0;
        }
    }

    private void bytes(byte[] bytes, int from, int to) throws IOException {
        while (from < to) {
            if (used == BUFFER) {
                out.write(buffer, 0, used);
                used = 0;
            }
            int part = Math.min(to - from, BUFFER - used);
            System.arraycopy(bytes, from, buffer, used, part);
            used += part;
            from += part;
        }
    }

    private void putShort(int value) {
        buffer[used++] = (byte) (value >>> 8);
        buffer[used++] = (byte) value;
    }

    private void putInt(int value) {
        buffer[used++] = (byte) (value >>> 24);
        buffer[used++] = (byte) (value >>> 16);
        buffer[used++] = (byte) (value >>> 8);
        buffer[used++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
