package dev.portico.cli;

import dev.portico.App;
import dev.portico.lifecycle.MaintenanceMode;
import dev.portico.systemdb.UtcTimestamps;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico down}: maintenance mode on, for every node that shares the system database. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Put the instance into maintenance mode. Every node sharing the system database answers API "
            + "requests with 503 and Retry-After within 2 seconds; /health/*, /metrics and admin login keep working, "
            + "and requests with the header X-Portico-Maintenance-Secret: <secret> get through. `portico up` ends it."})
final class DownCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--secret", paramLabel = "S", description = "A secret that lets requests through while down "
            + "(sent as the X-Portico-Maintenance-Secret header). Stored only as its SHA-256; valid until `up`.")
    private String secret;

    @Option(names = "--retry", paramLabel = "N", defaultValue = "60",
            description = "Seconds clients are told to wait (Retry-After); 0 sends no Retry-After. Default: ${DEFAULT-VALUE}.")
    private int retry;

    @Option(names = "--json", description = "Print the state as JSON.")
    private boolean json;

    DownCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        app.lifecycle().requireCurrent();
        MaintenanceMode.State state = new MaintenanceMode(app.database())
                .down(Optional.ofNullable(secret).filter(s -> !s.isEmpty()), retry, UtcTimestamps.now());
        LOG.info("down: maintenance mode on (retry {} s, bypass secret {})", retry, state.secretHash().isPresent() ? "set" : "none");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("down", true);
            result.put("since", state.since().orElseThrow().toString());
            result.put("retry_seconds", state.retrySeconds());
            result.put("bypass_secret", state.secretHash().isPresent());
            JsonOutput.print(out, result);
        } else {
            out.printf("Portico is down for maintenance (since %s): the API answers 503%s within 2 seconds on every node.%n",
                    state.since().orElseThrow(), retry > 0 ? " with Retry-After: " + retry : "");
            out.println("Health checks, /metrics and admin login still work"
                    + (state.secretHash().isPresent() ? "; requests with the header X-Portico-Maintenance-Secret get through." : "."));
            out.println("Bring it back with `portico up`.");
        }
        return 0;
    }
}
