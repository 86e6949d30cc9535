package dev.portico.cli;

import dev.portico.lifecycle.Lifecycle;
import dev.portico.lifecycle.MigrationReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico migrate}: applies pending migrations under the database lock. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply pending schema migrations under the database lock. A second process started at the "
            + "same time waits for the lock, then finds nothing to do."})
final class MigrateCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seed", description = "Seed the default rows afterwards (idempotent).")
    private boolean seed;

    @Option(names = "--dry-run", description = "List what would run, with its SQL, and change nothing.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    MigrateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Lifecycle lifecycle = context.app().lifecycle();
        if (dryRun) {
            List<Lifecycle.PendingMigration> pending = lifecycle.dryRun();
            if (json) {
                JsonOutput.print(out, pending);
            } else if (pending.isEmpty()) {
                out.println("Nothing to migrate: the schema is up to date.");
            } else {
                out.printf("%d migration(s) would run (dry run: nothing was changed):%n", pending.size());
                for (Lifecycle.PendingMigration migration : pending) {
                    out.printf("%n-- V%d %s%n%s%n", migration.version(), migration.description(), migration.sql().strip());
                }
            }
            return 0;
        }
        context.app().undoInterruptedRestores().forEach(json ? spec.commandLine().getErr()::println : out::println);
        MigrationReport report = lifecycle.migrate(seed);
        if (json) {
            JsonOutput.print(out, report);
        } else {
            out.println(report.summary());
            if (seed) {
                out.println(report.seeded() == 0 ? "Seed: nothing to add." : "Seed: added " + report.seeded() + " row(s).");
            }
        }
        return 0;
    }
}
