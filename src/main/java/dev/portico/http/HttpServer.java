package dev.portico.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.PorticoConfig;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.systemdb.SystemDatabase;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.BindException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded HTTP server: Javalin on the configured host and port, wired to the route table. */
public final class HttpServer implements AutoCloseable {
    private static final Logger REQUESTS = LoggerFactory.getLogger("portico.http");
    private static final int ACCEPTORS = 1;

    private final PorticoConfig config;
    private final BuildInfo build;
    private final SystemDatabase database;
    private final Lifecycle lifecycle;
    private final ApiServices api;
    private Javalin javalin;

    public HttpServer(PorticoConfig config, BuildInfo build, SystemDatabase database, Lifecycle lifecycle,
                      ApiServices api) {
        this.config = config;
        this.build = build;
        this.database = database;
        this.lifecycle = lifecycle;
        this.api = api;
    }

    /** Starts listening; returns the port (useful when the configured port is 0). */
    public int start() {
        ObjectMapper json = api.json();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RequestMetrics requestMetrics = new RequestMetrics(metrics);
        AccessGate gate = new AccessGate(api.authenticator());
        SystemHandlers system = new SystemHandlers(api.systemApi(), gate, json, api.cors(), api.databases(),
                api.identities());
        MaintenanceFilter maintenance = new MaintenanceFilter(api.maintenance(), java.time.Clock.systemUTC());
        Routes routes = new Routes(new HealthResource(database, lifecycle, maintenance::current),
                new EnvironmentResource(build), metrics, new CorsFilter(api.cors()), maintenance, gate,
                new SessionHandlers(api.sessions(), system, api.identities()), system,
                new ApiDocsResource(api.docs()), new ServiceHandlers(api.databases(), new dev.portico.restapi.TableApi(),
                new dev.portico.restapi.SchemaApi(), gate, system, json, build.version()));
        javalin = Javalin.create(javalinConfig -> {
            javalinConfig.showJavalinBanner = false;
            javalinConfig.startupWatcherEnabled = false;
            int selectors = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
            javalinConfig.jetty.threadPool = threads(selectors);
            javalinConfig.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, ACCEPTORS, selectors, new HttpConnectionFactory(http));
                connector.setHost(config.http().host());
                connector.setPort(config.http().port());
                return connector;
            });
            javalinConfig.http.maxRequestSize = 1_048_576;
            javalinConfig.router.ignoreTrailingSlashes = true;
            javalinConfig.jsonMapper(new JavalinJackson(json, false));
            javalinConfig.requestLogger.http((ctx, millis) -> {
                if (REQUESTS.isInfoEnabled()) { // the format is not free, and at warn nobody reads it
                    REQUESTS.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", millis));
                }
                requestMetrics.record(ctx, millis);
            });
            javalinConfig.router.apiBuilder(routes::define);
        });
        ErrorMapper.install(javalin);
        try {
            javalin.start();
        } catch (RuntimeException e) {
            javalin = null;
            if (causedByBind(e)) {
                throw new PorticoException(ErrorCode.UNAVAILABLE, "Port " + config.http().port() + " on "
                        + config.http().host() + " is already in use. Stop the other process, or set PORTICO_HTTP_PORT "
                        + "to a free port.", e);
            }
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot start the HTTP server on "
                    + config.http().host() + ":" + config.http().port() + ": " + e.getMessage(), e);
        }
        return javalin.port();
    }

    /**
     * The server's threads: one accepts connections, {@code selectors} watch them, and {@code workers} serve
     * requests. Jetty's own default (up to 250 workers) lets every client's request run at once: on a
     * small machine the database's processes, the workers and the JIT compiler then share the cores
     * among dozens of runnable threads, and a request costs more CPU on both sides, while warm-up after
     * a start takes minutes. A bounded set of workers, with the requests beyond it queued, does not.
     */
    private QueuedThreadPool threads(int selectors) {
        int workers = config.http().workers();
        int max = workers + ACCEPTORS + selectors;
        QueuedThreadPool pool = new QueuedThreadPool(max, Math.min(8, max), 60_000);
        pool.setName("portico-http");
        // a reserved worker waits to take the next request straight from the thread that watched it
        // arrive; Jetty wants a worker besides it, so with a single worker there is none
        pool.setReservedThreads(workers > 1 ? 1 : 0);
        return pool;
    }

    /**
     * Loads and initialises the server's libraries (Jackson, Micrometer, Javalin and Jetty) on a
     * background thread, so that work overlaps with the database checks that run before the server
     * may start. Builds nothing that is kept.
     */
    public static Thread warmUp() {
        Thread thread = new Thread(() -> {
            new ObjectMapper().registerModule(new JavaTimeModule()).valueToTree(java.util.Map.of("warm", true));
            new RequestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            Javalin.create(config -> {
                config.showJavalinBanner = false;
                config.startupWatcherEnabled = false;
            });
            new org.eclipse.jetty.server.Server();
        }, "portico-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Fails early, before anything is set up, when the configured port is taken. */
    public static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Port " + port + " on " + host + " is already in use"
                    + " (or not available: " + e.getMessage() + "). Stop the other process, or set PORTICO_HTTP_PORT "
                    + "to a free port.", e);
        }
    }

    private static boolean causedByBind(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            if (javalin != null) {
                javalin.stop();
                javalin = null;
            }
        } finally {
            api.databases().close();
        }
    }
}
