package dev.portico.cli;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.PorticoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code portico config:clear}: removes the configuration snapshot so .env is read again. */
@Command(name = "config:clear", mixinStandardHelpOptions = true,
        description = "Remove the configuration snapshot written by `config:cache`, so .env is read again.")
final class ConfigClearCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    ConfigClearCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path cache = PorticoConfig.cacheFile(context.app().home());
        boolean removed = removeCache(cache);
        spec.commandLine().getOut().println(removed ? "Configuration cache removed: .env is read again."
                : "No configuration cache to remove.");
        return 0;
    }

    private static boolean removeCache(Path cache) {
        try {
            return Files.deleteIfExists(cache);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot remove " + cache + " (" + e.getClass().getSimpleName()
                    + "). Check the permissions of storage/cache.", e);
        }
    }
}
