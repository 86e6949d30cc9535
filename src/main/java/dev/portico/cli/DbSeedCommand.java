package dev.portico.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code portico db:seed}: adds the default rows that are missing. */
@Command(name = "db:seed", mixinStandardHelpOptions = true,
        description = {"Add the default services, apps (with API keys random to this instance) and e-mail templates "
            + "that are missing. Idempotent: rows that exist are left as they are."})
final class DbSeedCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    DbSeedCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        int added = context.app().lifecycle().seed();
        spec.commandLine().getOut().println(added == 0 ? "Seed: nothing to add." : "Seed: added " + added + " row(s).");
        return 0;
    }
}
