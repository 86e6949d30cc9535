package dev.portico.cli;

import dev.portico.App;
import dev.portico.http.HttpServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico serve}: prepares the instance when new, checks it, and serves HTTP until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP API. A new instance is set up first (as `setup` does). An existing one is "
            + "checked: a wrong APP_KEY, a schema from a newer Portico, or pending migrations (without --migrate "
            + "or PORTICO_AUTO_MIGRATE=true) are refused."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--migrate", description = "Apply pending migrations before serving.")
    private boolean migrate;

    @Option(names = "--host", description = "Listen address (overrides PORTICO_HTTP_HOST).")
    private String host;

    @Option(names = "--port", description = "Listen port, 0 for any free port (overrides PORTICO_HTTP_PORT).")
    private Integer port;

    @Option(names = "--stop-when-ready", hidden = true,
            description = "Start, answer nothing, stop: used to record the class-data archive that makes starts faster.")
    private boolean stopWhenReady;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        App app = context.app();
        if (host != null) {
            app.override("PORTICO_HTTP_HOST", host);
        }
        if (port != null) {
            app.override("PORTICO_HTTP_PORT", String.valueOf(port));
        }
        app.servingMode();
        PrintWriter out = spec.commandLine().getOut();
        HttpServer.requireFreePort(app.config().http().host(), app.config().http().port());
        HttpServer.warmUp();
        app.undoInterruptedRestores().forEach(out::println);
        FirstRun.prepare(app, out, migrate || app.config().autoMigrate());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            context.requestStop();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "portico-shutdown");
        try (HttpServer server = app.httpServer()) {
            int boundPort = server.start();
            Runtime.getRuntime().addShutdownHook(hook);
            String url = "http://" + app.config().http().host() + ":" + boundPort;
            LOG.info("serve: Portico {} listening on {} ({})", app.build().version(), url,
                    app.config().database().describe());
            out.printf("Portico %s is serving on %s (%s). Press Ctrl+C to stop.%n", app.build().version(), url,
                    app.config().database().describe());
            out.flush();
            if (stopWhenReady) {
                context.requestStop();
            }
            context.awaitStop();
            LOG.info("serve: stopping");
        } finally {
            app.close();
            stopped.countDown();
            removeHook(hook);
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
            // the JVM is already stopping, or the server never started
        }
    }
}
