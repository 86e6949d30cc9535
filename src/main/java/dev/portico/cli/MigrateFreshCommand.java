package dev.portico.cli;

import dev.portico.lifecycle.MigrationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico migrate:fresh}: drops every table and migrates from scratch. */
@Command(name = "migrate:fresh", mixinStandardHelpOptions = true,
        description = {"Drop every table in the system database and migrate from scratch. ALL DATA IS LOST: "
            + "users, services, keys. Asks for confirmation on a terminal; needs --force otherwise."})
final class MigrateFreshCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seed", description = "Seed the default rows afterwards.")
    private boolean seed;

    @Option(names = "--force", description = "Do it without asking.")
    private boolean force;

    MigrateFreshCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.confirm(force, "This drops every table in the " + context.app().config().database().describe()
                + " and all its data.", "migrate:fresh");
        MigrationReport report = context.app().lifecycle().fresh(seed);
        spec.commandLine().getOut().println("Dropped all tables. " + report.summary()
                + (seed ? " Seeded " + report.seeded() + " row(s)." : ""));
        return 0;
    }
}
