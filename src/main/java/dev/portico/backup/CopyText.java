package dev.portico.backup;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes neutral values ({@link Long}, {@link Boolean}, {@link String}) in PostgreSQL's COPY text format:
 * tab between columns, {@code \N} for NULL, and a backslash escape for backslash, tab, newline and carriage
 * return, so an empty string, the text {@code \N} and NULL stay apart. Timestamps go as the archive writes
 * them ({@code YYYY-MM-DD HH:MM:SS.ffffff}), which PostgreSQL reads whatever its DateStyle. Stateless.
 */
final class CopyText {
    private CopyText() {
    }

    /** Writes the value of column {@code index} (0-based), preceded by a tab unless it is the first. */
    static void value(Writer writer, int index, Object value) throws IOException {
        if (index > 0) {
            writer.write('\t');
        }
        if (value == null) {
            writer.write("\\N");
        } else if (value instanceof String text) {
            text(writer, text);
        } else if (value instanceof Boolean bool) {
            writer.write(bool ? 't' : 'f');
        } else {
            writer.write(Long.toString((Long) value));
        }
    }

    private static void text(Writer writer, String text) throws IOException {
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            String escape = switch (text.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null) {
                writer.write(text, start, i - start);
                writer.write(escape);
                start = i + 1;
            }
        }
        writer.write(text, start, text.length() - start);
    }
}
