package dev.portico.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An output stream that gathers bytes into 64 KiB chunks and passes each full chunk on with
 * {@link #pass(byte[])}; the subclass decides where chunks go (another thread's queue). A chunk once
 * passed is never written to again. One thread writes; not thread-safe.
 */
abstract class ChunkedOutput extends OutputStream {
    static final int CHUNK = 1 << 16;

    private byte[] buffer = new byte[CHUNK];
    private int used;

    /** Takes a chunk: full, or the last part from {@link #passPartial()}. */
    protected abstract void pass(byte[] chunk) throws IOException;

    @Override
    public void write(int b) throws IOException {
        if (used == CHUNK) {
            passFull();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (used == CHUNK) {
                passFull();
            }
            int part = Math.min(length, CHUNK - used);
            System.arraycopy(bytes, offset, buffer, used, part);
            used += part;
            offset += part;
            length -= part;
        }
    }

    /** Passes on the bytes gathered so far, if any, as a chunk of their own length. */
    protected void passPartial() throws IOException {
        if (used > 0) {
            byte[] part = Arrays.copyOf(buffer, used);
            used = 0;
            pass(part);
        }
    }

    private void passFull() throws IOException {
        byte[] full = buffer;
        buffer = new byte[CHUNK];
        used = 0;
        pass(full);
    }
}
