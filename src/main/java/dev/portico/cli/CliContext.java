package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.concurrent.CountDownLatch;

/**
 * What every command works with: the instance, the terminal, and the signal that stops a running
 * server. One per process (or per test).
 */
public final class CliContext {
    private final App app;
    private final Terminal terminal;
    private final CountDownLatch stop = new CountDownLatch(1);

    public CliContext(App app, Terminal terminal) {
        this.app = app;
        this.terminal = terminal;
    }

    public App app() {
        return app;
    }

    public Terminal terminal() {
        return terminal;
    }

    /** Asks a running {@code serve} to stop gracefully. */
    public void requestStop() {
        stop.countDown();
    }

    void awaitStop() throws InterruptedException {
        stop.await();
    }

    /**
     * Goes on only with {@code --force} or a typed "yes" on a terminal; otherwise refuses, saying how
     * to go on.
     */
    void confirm(boolean force, String what, String command) {
        confirm(force, what, command, "--force");
    }

    /** As above, for a command whose go-ahead flag is {@code flag} ({@code upgrade --yes}). */
    void confirm(boolean given, String what, String command, String flag) {
        if (given) {
            return;
        }
        if (!terminal.interactive()) {
            throw new PorticoException(ErrorCode.REFUSED, what + " Not a terminal, so nothing was done: run `portico "
                    + command + " " + flag + "` to go ahead.");
        }
        String answer = terminal.readLine(what + " Type yes to continue: ");
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
            throw new PorticoException(ErrorCode.REFUSED, "Cancelled; nothing was changed.");
        }
    }
}
