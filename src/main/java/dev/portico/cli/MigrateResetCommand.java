package dev.portico.cli;

import dev.portico.lifecycle.Lifecycle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico migrate:reset}: rolls the schema all the way back, leaving an empty database. */
@Command(name = "migrate:reset", mixinStandardHelpOptions = true,
        description = {"Roll back every migration: drop all tables, and every other object in the schema (views, "
            + "functions, types …), leaving an empty database. ALL DATA IS LOST. "
            + "Asks for confirmation on a terminal; needs --force otherwise."})
final class MigrateResetCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--force", description = "Do it without asking.")
    private boolean force;

    MigrateResetCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Lifecycle lifecycle = context.app().lifecycle();
        context.confirm(force, "This drops every table in the " + context.app().config().database().describe()
                + " and all its data" + (force ? "" : lifecycle.contents().describeHandMade()) + ".", "migrate:reset");
        Lifecycle.Wipe wipe = lifecycle.reset();
        spec.commandLine().getOut().println("Rolled back schema " + wipe.schemaBefore() + " -> 0: dropped "
                + wipe.dropped().describe() + "; the database is empty. Run `portico migrate --seed` to start again.");
        return 0;
    }
}
