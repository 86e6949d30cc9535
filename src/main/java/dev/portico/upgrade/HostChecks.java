package dev.portico.upgrade;

import dev.portico.PorticoException;
import dev.portico.backup.Check;
import dev.portico.cache.CacheStore;
import dev.portico.config.HttpSettings;
import dev.portico.config.PorticoConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The checks of doctor on the machine around the instance: Java, the HTTP port, the cache store. Stateless. */
final class HostChecks {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private HostChecks() {
    }

    /** The running Java against {@code minimum}, the oldest Java that {@code who} ("Portico 0.2.0") runs on. */
    static Finding java(int minimum, String who) {
        Runtime.Version version = Runtime.version();
        String vendor = System.getProperty("java.vendor", "unknown vendor");
        String detail = "Java " + version + " (" + vendor + "); " + who + " needs " + minimum + " or newer";
        if (version.feature() < minimum) {
            return Finding.of(Check.failed("java", detail, "Install Java " + minimum + " or newer and run Portico "
                    + "with it (JAVA_HOME or PATH)."));
        }
        return Finding.of(Check.ok("java", detail));
    }

    /** The port is free, or held by a Portico server (it answers /health/live); anything else keeps serve from starting. */
    static Finding httpPort(HttpSettings http) {
        String where = http.host() + ":" + http.port();
        if (http.port() == 0) {
            return Finding.of(Check.ok("http port", "PORTICO_HTTP_PORT=0: the system picks a free port at start"));
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the server binds: a port in TIME_WAIT after a restart is free
            socket.bind(new InetSocketAddress(http.host(), http.port()));
            return Finding.of(Check.ok("http port", where + " is free for `portico serve`"));
        } catch (BindException inUse) {
            return portInUse(http, where);
        } catch (UnknownHostException | SecurityException | IllegalArgumentException e) {
            return Finding.of(Check.failed("http port", "cannot listen on " + where + " (" + e.getMessage() + ")",
                    "Set PORTICO_HTTP_HOST to an address of this machine (127.0.0.1, 0.0.0.0)."));
        } catch (IOException e) {
            return Finding.of(Check.failed("http port", "cannot listen on " + where + " (" + e.getMessage() + ")",
                    "Set PORTICO_HTTP_HOST and PORTICO_HTTP_PORT to an address and port this user may listen on."));
        }
    }

    private static Finding portInUse(HttpSettings http, String where) {
        String host = http.host().equals("0.0.0.0") || http.host().equals("::") ? "127.0.0.1" : http.host();
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port() + "/health/live";
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"ok\"")) {
                return Finding.of(Check.ok("http port", where + " is in use by a running Portico server "
                        + "(it answers " + url + ")"));
            }
        } catch (IOException | IllegalArgumentException notHttp) {
            // something that does not speak HTTP holds the port: reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Finding.of(Check.failed("http port", where + " is in use by another program (it does not answer "
                + "/health/live as Portico does), so `portico serve` cannot start there",
                "Stop that program (`ss -ltnp 'sport = :" + http.port() + "'` names it), or set PORTICO_HTTP_PORT "
                + "to a free port."));
    }

    static Finding cache(PorticoConfig config) {
        try {
            return Finding.of(Check.ok("cache", CacheStore.open(config.cache(), config.storage()).ping()));
        } catch (PorticoException e) {
            return Finding.of(Check.failed("cache", e.getMessage(), switch (config.cache().driver()) {
                case REDIS -> "Start Redis, or fix REDIS_HOST, REDIS_PORT and REDIS_PASSWORD, or set CACHE_DRIVER=file.";
                case FILE, MEMORY -> "Fix the cache folder (see the folders row), or set CACHE_DRIVER=memory.";
            }));
        }
    }
}
