package dev.portico.cli;

import dev.portico.App;
import dev.portico.lifecycle.MaintenanceMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico up}: maintenance mode off. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "End maintenance mode: every node serves the API again within 2 seconds. Nothing to do if it is up.")
final class UpCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    UpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        app.lifecycle().requireCurrent();
        MaintenanceMode.State before = new MaintenanceMode(app.database()).up();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("was_down", before.down());
        before.since().ifPresent(since -> {
            long seconds = Duration.between(since, Instant.now()).toSeconds();
            result.put("down_since", since.toString());
            result.put("down_seconds", seconds);
            LOG.info("up: maintenance mode off after {} s", seconds);
        });
        if (json) {
            JsonOutput.print(out, result);
        } else if (before.down()) {
            out.printf("Portico is up again: the API serves on every node within 2 seconds (it was down since %s, "
                    + "%s s).%n", before.since().orElseThrow(), result.get("down_seconds"));
        } else {
            out.println("Portico was not down; nothing to do.");
        }
        return 0;
    }
}
