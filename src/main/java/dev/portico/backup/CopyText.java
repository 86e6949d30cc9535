package dev.portico.backup;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes rows of neutral values ({@link Long}, {@link Boolean}, {@link String}) as the tab-separated text
 * both bulk loads read: PostgreSQL's COPY text format and MySQL/MariaDB's LOAD DATA with its default field
 * options. A tab between columns, a newline after each row, {@code \N} for NULL and a backslash escape for
 * backslash, tab, newline and carriage return, so an empty string, the text {@code \N} and NULL stay apart.
 * Booleans are {@code t}/{@code f} for PostgreSQL and {@code 1}/{@code 0} for MySQL, which also gets NUL as
 * {@code \0} (PostgreSQL cannot store it and refuses it, as its INSERT would). Timestamps go as the archive
 * writes them ({@code YYYY-MM-DD HH:MM:SS.ffffff}), which both read as they are. Text is encoded to UTF-8
 * straight into a buffer (an unpaired surrogate becomes {@code ?}, as Java's encoder makes it). Not thread-safe.
 */
final class CopyText {
    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final boolean mysql;
    private final byte[] buffer = new byte[BUFFER];
    private int used;

    /** {@code mysql}: LOAD DATA's spelling of booleans and NUL; otherwise COPY's. */
    CopyText(OutputStream out, boolean mysql) {
        this.out = out;
        this.mysql = mysql;
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
                put(mysql ? (bool ? '1' : '0') : (bool ? 't' : 'f'));
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

    private void text(String text) throws IOException {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> escape('\\');
                    case '\t' -> escape('t');
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    case 0 -> {
                        if (mysql) {
                            escape('0');
                        } else {
                            put(0);
                        }
                    }
                    default -> put(c);
                }
            } else if (c < 0x800) {
                room(2);
                buffer[used++] = (byte) (0xc0 | c >> 6);
                buffer[used++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                room(4);
                buffer[used++] = (byte) (0xf0 | code >> 18);
                buffer[used++] = (byte) (0x80 | code >> 12 & 0x3f);
                buffer[used++] = (byte) (0x80 | code >> 6 & 0x3f);
                buffer[used++] = (byte) (0x80 | code & 0x3f);
            } else if (Character.isSurrogate(c)) {
                put('?');
            } else {
                room(3);
                buffer[used++] = (byte) (0xe0 | c >> 12);
                buffer[used++] = (byte) (0x80 | c >> 6 & 0x3f);
                buffer[used++] = (byte) (0x80 | c & 0x3f);
            }
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

    private void room(int bytes) throws IOException {
        if (used + bytes > BUFFER) {
            drain();
        }
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }
}
