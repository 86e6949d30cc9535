package dev.portico.cli;

import dev.portico.config.ConfigValue;
import dev.portico.config.EnvFileWriter;
import dev.portico.config.PorticoConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code portico config:cache}: writes the resolved .env values to one snapshot file. */
@Command(name = "config:cache", mixinStandardHelpOptions = true,
        description = {"Write the resolved configuration from .env to storage/cache/config.env (mode 600). While it "
            + "is newer than .env, Portico reads it instead of .env; the environment still wins. "
            + "`config:clear` removes it."})
final class ConfigCacheCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    ConfigCacheCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PorticoConfig config = context.app().config();
        Path cache = PorticoConfig.cacheFile(config.home());
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigValue value : config.resolved()) {
            boolean fromFile = value.source() == ConfigValue.Source.DOTENV || value.source() == ConfigValue.Source.CACHE;
            if (fromFile && value.value() != null) {
                values.put(value.key().name(), value.value());
            }
        }
        EnvFileWriter.writeAll(cache, "Written by `portico config:cache`; `portico config:clear` removes it.", values);
        spec.commandLine().getOut().printf("Configuration cached in %s (%d key(s)).%n", cache, values.size());
        return 0;
    }
}
