package dev.portico.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code portico setup}: prepares a new instance (key, schema, seed, first sys-admin) without serving. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Prepare this instance: create .env with a new APP_KEY if there is none, create and seed "
            + "the system database, and create the first sys-admin (ADMIN_EMAIL/ADMIN_PASSWORD, or a generated "
            + "password printed once). Safe to run again: it only does what is missing."})
final class SetupCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    SetupCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.app().undoInterruptedRestores().forEach(spec.commandLine().getOut()::println);
        FirstRun.prepare(context.app(), spec.commandLine().getOut(), false);
        spec.commandLine().getOut().println("Setup complete: " + context.app().config().database().describe()
                + " is ready. Start the server with `portico serve`.");
        return 0;
    }
}
