package dev.portico.cli;

import dev.portico.lifecycle.Lifecycle;
import dev.portico.lifecycle.MigrationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico migrate:fresh}: empties the system database's schema and migrates from scratch. */
@Command(name = "migrate:fresh", mixinStandardHelpOptions = true,
        description = {"Drop every table in the system database, and every other object in its schema (views, "
            + "functions, types …), and migrate from scratch. ALL DATA IS LOST: users, services, keys. Asks for confirmation on a terminal; needs --force otherwise."})
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
        Lifecycle lifecycle = context.app().lifecycle();
        // a rollback that dropped a MySQL/MariaDB schema and did not finish is refused, not made a new instance
        context.app().undoInterruptedRestores().forEach(spec.commandLine().getOut()::println);
        context.confirm(force, "This drops every table in the " + context.app().config().database().describe()
                + " and all its data" + (force ? "" : lifecycle.contents().describeHandMade()) + ".", "migrate:fresh");
        Lifecycle.Wipe wipe = lifecycle.fresh(seed);
        MigrationReport report = wipe.migrated();
        spec.commandLine().getOut().println("Dropped " + wipe.dropped().describe() + ". " + report.summary()
                + (seed ? " Seeded " + report.seeded() + " row(s)." : ""));
        return 0;
    }
}
