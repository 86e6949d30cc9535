package dev.portico.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * An output stream whose bytes a second thread writes to the underlying stream, in 64 KiB chunks: a
 * backup formats and hashes rows on one thread while the ZIP's deflater compresses on another. At most
 * {@value #WAITING} chunks wait, so memory stays flat. {@link #flush} returns once every byte is written;
 * a failure of the writing thread (a full disk) surfaces on the next write, flush or close. {@link #close}
 * ends the thread but leaves the underlying stream open. One thread writes to it; not thread-safe beyond that.
 */
final class OffThreadStream extends ChunkedOutput {
    private static final int WAITING = 8;
    private static final byte[] FLUSH = new byte[0];
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(WAITING);
    private final Semaphore flushed = new Semaphore(0);
    private final Thread thread;
    private volatile IOException failure;
    private boolean ended;

    OffThreadStream(OutputStream out, String name) {
        this.out = out;
        this.thread = new Thread(this::drain, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void flush() throws IOException {
        passPartial();
        put(FLUSH);
        try {
            flushed.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the archive was being written");
        }
        failed();
    }

    /** Writes what is left, ends the thread; the underlying stream stays open. */
    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        try {
            flush();
        } finally {
            stop();
        }
    }

    /** Ends the thread without waiting for the bytes not yet written (after a failure). */
    void stop() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void pass(byte[] chunk) throws IOException {
        put(chunk);
    }

    private void put(byte[] chunk) throws IOException {
        failed();
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the archive was being written");
        }
    }

    private void failed() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    private void drain() {
        try {
            for (byte[] chunk = queue.take(); chunk != END; chunk = queue.take()) {
                if (chunk == FLUSH) {
                    flushed.release();
                } else if (failure == null) {
                    try {
                        out.write(chunk);
                    } catch (IOException e) {
                        failure = e; // keeps taking chunks, so the writer never blocks on a full queue
                    } catch (RuntimeException e) {
                        failure = new IOException("compressing the archive failed: " + e.getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
