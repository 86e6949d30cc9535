package dev.portico.cli;

import dev.portico.App;
import dev.portico.upgrade.ReleaseCatalogue;
import dev.portico.upgrade.UpgradePlan;
import dev.portico.upgrade.UpgradePlanner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico upgrade:check}: plans an upgrade of this instance against the release catalogue; reads only. */
@Command(name = "upgrade:check", mixinStandardHelpOptions = true,
        description = {"Plan an upgrade of this instance from the Portico that last migrated its database to this "
            + "build (or --to VERSION): migrations to apply, upgrade stops on the way, connector types and "
            + "configuration keys removed or renamed, API behaviours removed, the Java version, scripts and scheduled "
            + "tasks to re-test, the key, and free space for a backup. One row per check.",
            "Exits 0 when the upgrade can go ahead, 3 when something must be done first, 4 when it is blocked, "
            + "1 when the database cannot be reached. Writes nothing."})
final class UpgradeCheckCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--to", paramLabel = "VERSION", description = "The release to upgrade to (default: this build).")
    private String to;

    @Option(names = "--json", description = "Print the plan as JSON.")
    private boolean json;

    // for tests and release engineering: plan against another catalogue than the one in the jar (docs/UPGRADES.md)
    @Option(names = "--catalogue", paramLabel = "FILE", hidden = true)
    private Path catalogue;

    UpgradeCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        app.readOnlyMode();
        ReleaseCatalogue releases = catalogue == null ? ReleaseCatalogue.builtIn() : ReleaseCatalogue.load(catalogue);
        UpgradePlanner planner = new UpgradePlanner(releases, app.build().version());
        Optional<String> target = Optional.ofNullable(to);
        planner.target(target); // an unknown --to is a usage error before the database is opened
        UpgradePlan plan = planner.plan(app.instanceSurveyor().survey(), target);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, UpgradeReport.json(plan));
        } else {
            UpgradeReport.print(out, plan);
        }
        return plan.verdict().exitCode();
    }
}
