package dev.portico.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes rows of neutral values ({@link Long}, {@link Boolean}, {@link String}) as the tab-separated text
 * MySQL/MariaDB's LOAD DATA reads with its default field options. A tab between columns, a newline after
 * each row, {@code \N} for NULL and a backslash escape for backslash, tab, newline, carriage return and NUL
 * ({@code \0}), so an empty string, the text {@code \N} and NULL stay apart. Booleans are {@code 1}/{@code 0};
 * timestamps go as the archive writes them ({@code YYYY-MM-DD HH:MM:SS.ffffff}), which the server reads as
 * they are. Text is encoded to UTF-8 by the JDK (an unpaired surrogate becomes {@code ?}) and gathered in a
 * 64 KiB buffer. (PostgreSQL loads binary COPY instead: {@link CopyBinary}.) Not thread-safe.
 */
final class CopyText {
    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int used;

    CopyText(OutputStream out) {
        this.out = out;
    }

    /** Writes one row, values in column order. */
    void row(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put('\t');
            }
            Object value = values[i];
            if (value == null) {
                put('\\');
                put('N');
            } else if (value instanceof String text) {
                text(text);
            } else if (value instanceof Boolean bool) {
                put(bool ? '1' : '0');
            } else {
                ascii(Long.toString((Long) value));
            }
        }
        put('\n');
    }

    /** Hands what is buffered to the stream. */
    void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    /**
     * UTF-8 from the JDK's encoder, then the bytes that need it escaped: backslash and the ASCII control
     * characters never occur inside a multi-byte UTF-8 sequence, so they can be found byte by byte.
     */
    private void text(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\\' || b >= 0 && b < ' ') {
                char code = switch (b) {
                    case '\\' -> '\\';
                    case '\t' -> 't';
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    case 0 -> '0';
                    default -> 0;
                };
                if (code != 0) {
                    bytes(bytes, from, i);
                    escape(code);
                    from = i + 1;
                }
            }
        }
        bytes(bytes, from, bytes.length);
    }

    private void bytes(byte[] bytes, int from, int to) throws IOException {
        while (from < to) {
            if (used == BUFFER) {
                drain();
            }
            int part = Math.min(to - from, BUFFER - used);
            System.arraycopy(bytes, from, buffer, used, part);
            used += part;
            from += part;
        }
    }

    private void ascii(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            put(text.charAt(i));
        }
    }

    private void escape(char c) throws IOException {
        put('\\');
        put(c);
    }

    private void put(int b) throws IOException {
        if (used == BUFFER) {
            drain();
        }
        buffer[used++] = (byte) b;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }
}
