package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portico.cli.Cli;
import dev.portico.cli.CliContext;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code portico serve} run through the real CLI on a background thread, as an operator would start
 * it, with a real HTTP client pointed at the port it printed. Closing it stops the server and
 * asserts that serve exited with 0. Used by one test thread at a time.
 */
final class RunningServer implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern SERVING = Pattern.compile("is serving on http://127\\.0\\.0\\.1:(\\d+)");
    private static final int STILL_RUNNING = Integer.MIN_VALUE;

    // StringWriter appends to a StringBuffer, so the test thread can read what serve wrote so far
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger exitCode = new AtomicInteger(STILL_RUNNING);
    private final CliContext context;
    private final Thread thread;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port = -1;

    private RunningServer(TestInstance instance, String... args) {
        this.context = instance.context();
        String[] command = new String[args.length + 1];
        command[0] = "serve";
        System.arraycopy(args, 0, command, 1, args.length);
        this.thread = new Thread(() -> exitCode.set(Cli.run(context, new PrintWriter(out), new PrintWriter(err),
                command)), "portico-serve-under-test");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts {@code serve --port 0 <more args>} and waits until it prints the address it listens on. */
    static RunningServer start(TestInstance instance, String... moreArgs) {
        String[] args = new String[moreArgs.length + 2];
        args[0] = "--port";
        args[1] = "0";
        System.arraycopy(moreArgs, 0, args, 2, moreArgs.length);
        RunningServer server = new RunningServer(instance, args);
        waitFor(() -> SERVING.matcher(server.out.toString()).find() || !server.thread.isAlive());
        Matcher serving = SERVING.matcher(server.out.toString());
        if (!serving.find()) {
            server.stopQuietly();
            fail("serve did not start within " + PATIENCE.toSeconds() + " s: " + server.describe());
        }
        server.port = Integer.parseInt(serving.group(1));
        return server;
    }

    /**
     * Runs {@code serve <args>} expecting it to refuse to start; returns what it printed. A serve that
     * starts anyway is stopped and fails the test, rather than hanging it.
     */
    static TestInstance.Result refused(TestInstance instance, String... args) {
        RunningServer server = new RunningServer(instance, args);
        waitFor(() -> !server.thread.isAlive() || SERVING.matcher(server.out.toString()).find());
        if (server.thread.isAlive()) {
            server.stopQuietly();
            fail("serve was expected to refuse to start, but it is serving: " + server.describe());
        }
        return new TestInstance.Result(server.exitCode.get(), server.out.toString(), server.err.toString());
    }

    int port() {
        return port;
    }

    String out() {
        return out.toString();
    }

    HttpResponse<String> get(String path) {
        return send("GET", path);
    }

    HttpResponse<String> send(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e + "; " + describe(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }

    /** Polls {@code condition} every 50 ms for up to {@link #PATIENCE}; returns whether it came true. */
    static boolean waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void stopQuietly() {
        context.requestStop();
        try {
            thread.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String describe() {
        int code = exitCode.get();
        return (code == STILL_RUNNING ? "still running" : "exit " + code) + "\n--- out\n" + out + "--- err\n" + err;
    }

    /** Stops the server as Ctrl+C would and asserts that serve ended cleanly. */
    @Override
    public void close() {
        stopQuietly();
        assertFalse(thread.isAlive(), "serve did not stop within " + PATIENCE.toSeconds() + " s of the stop request");
        assertEquals(0, exitCode.get(), "serve should exit 0 after a stop request: " + describe());
    }
}
