package dev.portico.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An input stream whose bytes a second thread produces: a MySQL/MariaDB load reads and formats the rows
 * of an archive on one thread while the driver sends them to the server from another. At most
 * {@value #WAITING} chunks of 64 KiB wait between them, so memory stays flat. When the producer fails,
 * the stream simply ends; the reader asks {@link #result} afterwards, which throws the producer's
 * failure. {@link #close} stops a producer the reader no longer wants. One thread reads it.
 */
final class ProducedStream extends InputStream {
    /** Writes every byte of the stream to {@code out}; returns a count the reader wants (rows written). */
    @FunctionalInterface
    interface Producer {
        long write(OutputStream out) throws Exception;
    }

    private static final int WAITING = 8;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(WAITING);
    private final Thread thread;
    private volatile boolean abandoned;
    private volatile Exception failure;
    private volatile long result = -1;
    private byte[] chunk;
    private int position;
    private boolean ended;

    ProducedStream(Producer producer, String name) {
        this.thread = new Thread(() -> produce(producer), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (chunk == null || position == chunk.length) {
            if (ended) {
                return -1;
            }
            try {
                chunk = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the rows were being read");
            }
            position = 0;
            ended = chunk == END;
        }
        int part = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, bytes, offset, part);
        position += part;
        return part;
    }

    /** Once the stream has ended: the producer's count, or its failure. */
    long result() throws Exception {
        join();
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** After {@link #close}: the producer's own failure (a damaged archive), or null; being stopped is none. */
    Exception failure() {
        return failure instanceof Abandoned ? null : failure;
    }

    /** Stops the producer if it is still running, and waits for it. */
    @Override
    public void close() {
        abandoned = true;
        join();
    }

    private void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void produce(Producer producer) {
        try (Chunks out = new Chunks()) {
            result = producer.write(out);
        } catch (Exception e) {
            failure = e;
        } finally {
            try {
                hand(END);
            } catch (InterruptedIOException e) {
                // abandoned: nobody reads the end
            }
        }
    }

    private void hand(byte[] bytes) throws InterruptedIOException {
        try {
            while (!queue.offer(bytes, 100, TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    throw new Abandoned();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the rows were being formatted");
        }
    }

    /** The reader closed the stream before its end. */
    private static final class Abandoned extends InterruptedIOException {
        Abandoned() {
            super("the reader of the rows stopped");
        }
    }

    /** The producer's side: 64 KiB chunks handed to the reader. */
    private final class Chunks extends ChunkedOutput {
        @Override
        protected void pass(byte[] chunk) throws IOException {
            hand(chunk);
        }

        @Override
        public void close() throws IOException {
            passPartial();
        }
    }
}
