package dev.portico.cli;

import dev.portico.App;
import dev.portico.systemdb.SchemaContents;
import dev.portico.upgrade.ReleaseCatalogue;
import dev.portico.upgrade.UpgradeGate;
import dev.portico.upgrade.UpgradePlanner;
import dev.portico.upgrade.UpgradeProcedure;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico upgrade}: brings the instance to this binary's schema, restoring it automatically if any step fails. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = {"Upgrade the instance to this Portico, run by the new binary: check, maintenance mode on, a "
            + "verified backup recorded as a rollback point (archive and .env copy in storage/backups), the migrations "
            + "under the lock, the data verified against the backup, the seed, caches cleared, maintenance mode off.",
            "If any step fails the rollback point is restored automatically and the error says which step failed; "
            + "the exit code is the failure's. Asks on a terminal; needs --yes otherwise."})
final class UpgradeCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dry-run", description = "Run the check and print the steps; write nothing.")
    private boolean dryRun;

    @Option(names = "--yes", description = "Go ahead without asking (needed when not on a terminal).")
    private boolean yes;

    @Option(names = "--json", description = "Print the result as JSON (progress goes to standard error).")
    private boolean json;

    UpgradeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        if (!dryRun) {
            app.undoInterruptedRestores().forEach(progress::println);
        }
        UpgradeGate.Readiness readiness = UpgradeGate.check(app.lifecycle(),
                new UpgradePlanner(ReleaseCatalogue.builtIn(), app.build().version()), app.instanceSurveyor());
        int from = readiness.state().current();
        int to = readiness.state().latest();
        if (readiness.upToDate()) {
            if (json) {
                JsonOutput.print(out, Map.of("upgraded", false, "up_to_date", true, "schema", from));
            } else {
                out.printf("Nothing to upgrade: the schema is at %d, the latest this Portico %s knows. No backup was "
                        + "made.%n", from, app.build().version());
            }
            return 0;
        }
        UpgradeProcedure upgrade = app.upgrade();
        String summary = "Upgrade the " + app.database().describe() + " from schema " + from + " (Portico "
                + readiness.fromVersion() + ") to " + to + " (Portico " + app.build().version() + "), "
                + readiness.pending().size() + " migration(s).";
        if (dryRun) {
            if (json) {
                JsonOutput.print(out, Map.of("dry_run", true, "from_schema", from, "to_schema", to,
                        "steps", upgrade.plan(readiness)));
            } else {
                out.println(summary + " Dry run: nothing was written.");
                upgrade.plan(readiness).forEach(line -> out.println("  " + line));
                out.println("If any step fails, the rollback point is restored automatically" + rollbackDrops(readiness)
                        + ".");
            }
            return 0;
        }
        context.confirm(yes, summary + " A rollback point is recorded first" + rollbackDrops(readiness) + ".",
                "upgrade", "--yes");
        UpgradeProcedure.Outcome outcome = upgrade.run(readiness, line -> {
            progress.println(line);
            progress.flush();
        });
        String release = outcome.point().fromVersion();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("upgraded", true);
            result.put("from_schema", from);
            result.put("to_schema", outcome.report().toVersion());
            result.put("rollback_point", outcome.point().id());
            result.put("migration_ms", outcome.migrationMillis());
            outcome.downtime().ifPresent(down -> result.put("down_ms", down.toMillis()));
            JsonOutput.print(out, result);
        } else {
            out.printf("Upgraded: schema %d -> %d, Portico %s -> %s, verified against the backup. Rollback point %s "
                    + "(`portico rollback` puts it back; then run Portico %s).%n", from, outcome.report().toVersion(),
                    release, app.build().version(), outcome.point().id(), release);
        }
        return 0;
    }

    /** What an automatic rollback would drop with the schema: the archive holds Portico's rows only. */
    private static String rollbackDrops(UpgradeGate.Readiness readiness) {
        return readiness.handMade().isEmpty() ? "" : "; if a step fails, restoring it drops with the schema what was "
                + "made by hand in it: " + SchemaContents.names(readiness.handMade());
    }
}
