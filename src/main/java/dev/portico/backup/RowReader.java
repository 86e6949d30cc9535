package dev.portico.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a table's data file row by row, checking each value against its column's neutral type:
 * integers as {@link Long}, booleans as {@link Boolean}, text and timestamps as {@link String}.
 * Holds one row at a time. Not thread-safe.
 */
final class RowReader {
    private static final JsonFactory JSON = new JsonFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    /** Receives each row's values in column order; the array is reused for the next row. */
    @FunctionalInterface
    interface RowSink {
        void accept(Object[] values) throws Exception;
    }

    /** A data file that does not match its manifest entry. */
    static final class BadRow extends Exception {
        BadRow(String message) {
            super(message);
        }
    }

    private RowReader() {
    }

    /** Reads every row of {@code in}; returns how many there were. */
    static long read(InputStream in, List<BackupManifest.Column> columns, RowSink sink) throws Exception {
        Object[] values = new Object[columns.size()];
        long rows = 0;
        try (JsonParser parser = JSON.createParser(in)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.START_ARRAY) {
                    throw new BadRow("row " + (rows + 1) + " is not a JSON array");
                }
                int index = 0;
                for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token == null || index >= columns.size()) {
                        throw new BadRow("row " + (rows + 1) + " has more values than the " + columns.size() + " columns");
                    }
                    values[index] = value(parser, token, columns.get(index), rows + 1);
                    index++;
                }
                if (index != columns.size()) {
                    throw new BadRow("row " + (rows + 1) + " has " + index + " values for " + columns.size() + " columns");
                }
                rows++;
                sink.accept(values);
            }
        }
        return rows;
    }

    private static Object value(JsonParser parser, JsonToken token, BackupManifest.Column column, long row)
            throws IOException, BadRow {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        Object value = switch (column.type()) {
            case INTEGER -> token == JsonToken.VALUE_NUMBER_INT
                    && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? parser.getLongValue() : null;
            case BOOLEAN -> token.isBoolean() ? token == JsonToken.VALUE_TRUE : null;
            case TEXT -> token == JsonToken.VALUE_STRING ? parser.getText() : null;
            case TIMESTAMP -> token == JsonToken.VALUE_STRING && timestamp(parser.getText()) ? parser.getText() : null;
        };
        if (value == null) {
            throw new BadRow("row " + row + ", column " + column.name() + " is not a valid " + column.type().archiveName());
        }
        return value;
    }

    /** {@code YYYY-MM-DD HH:MM:SS.ffffff} in ASCII digits, as the archive writes every timestamp. */
    static boolean timestamp(String text) {
        if (text.length() != 26) {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            char c = text.charAt(i);
            boolean fits = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == ' ';
                case 13, 16 -> c == ':';
                case 19 -> c == '.';
                default -> c >= '0' && c <= '9';
            };
            if (!fits) {
                return false;
            }
        }
        return true;
    }
}
