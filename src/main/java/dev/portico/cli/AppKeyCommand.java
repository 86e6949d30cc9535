package dev.portico.cli;

import dev.portico.App;
import dev.portico.auth.AppKeys;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico app:key}: shows an app's API key, or replaces it with a new one. */
@Command(name = "app:key", mixinStandardHelpOptions = true,
        description = {"Show an app's API key (clients log in with the admin app's key), or with --regenerate "
            + "replace it with a new random one. Regenerating breaks every client that uses the old key, so it asks "
            + "for confirmation on a terminal and needs --force otherwise."})
final class AppKeyCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--name", required = true, description = "The app's name, such as admin or api_docs.")
    private String name;

    @Option(names = "--regenerate", description = "Replace the key with a new random one.")
    private boolean regenerate;

    @Option(names = "--force", description = "Regenerate without asking.")
    private boolean force;

    @Option(names = "--json", description = "Print {\"name\": …, \"api_key\": …}.")
    private boolean json;

    AppKeyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        app.lifecycle().requireCurrent();
        AppKeys keys = new AppKeys(app.database());
        String key = keys.apiKey(name); // an unknown app fails before anyone is asked to confirm
        if (regenerate) {
            context.confirm(force, "This replaces the API key of app '" + name + "'; every client using the old key "
                    + "stops working until it is given the new one.", "app:key --name " + name + " --regenerate");
            key = keys.regenerate(name);
            LOG.info("app:key: regenerated the API key of app {}", name);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, String> result = new LinkedHashMap<>();
            result.put("name", name);
            result.put("api_key", key);
            JsonOutput.print(out, result);
        } else {
            out.printf("%s API key of app %s: %s%n", regenerate ? "New" : "The", name, key);
        }
        return 0;
    }
}
