package dev.portico.cli;

import dev.portico.config.ConfigValue;
import dev.portico.config.PorticoConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico config:show}: every configuration key, its value (secrets masked) and its source. */
@Command(name = "config:show", mixinStandardHelpOptions = true,
        description = "Show the resolved configuration: each key, its value (secrets masked) and where it came from.")
final class ConfigShowCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    ConfigShowCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PorticoConfig config = context.app().config();
        PrintWriter out = spec.commandLine().getOut();
        List<ConfigValue> values = config.resolved();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (ConfigValue value : values) {
                all.put(value.key().name(), Map.of("value", value.shown(), "source",
                        value.source().name().toLowerCase(Locale.ROOT)));
            }
            JsonOutput.print(out, all);
            return 0;
        }
        out.printf("Instance folder: %s%n%n", config.home());
        out.printf("%-22s %-44s %s%n", "Key", "Value", "Source");
        for (ConfigValue value : values) {
            out.printf("%-22s %-44s %s%n", value.key().name(), value.shown(), value.source().name().toLowerCase(Locale.ROOT));
        }
        return 0;
    }
}
