package dev.portico.cli;

import dev.portico.cache.CacheStore;
import dev.portico.config.PorticoConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code portico cache:clear}: empties the configured cache store. */
@Command(name = "cache:clear", mixinStandardHelpOptions = true,
        description = "Remove every cached entry Portico keeps in its cache store (file, Redis or memory).")
final class CacheClearCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    CacheClearCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PorticoConfig config = context.app().config();
        CacheStore store = CacheStore.open(config.cache(), config.storage());
        long removed = store.clear();
        spec.commandLine().getOut().printf("Cleared the %s: %d entr%s removed.%n", store.describe(), removed,
                removed == 1 ? "y" : "ies");
        return 0;
    }
}
