package dev.portico.cli;

import dev.portico.App;
import dev.portico.backup.BackupManifest;
import dev.portico.backup.CloneService;
import dev.portico.backup.CloneTarget;
import dev.portico.backup.RestorePlan;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico clone --to TARGET}: copies this instance's system database to another database, any engine. */
@Command(name = "clone", mixinStandardHelpOptions = true,
        description = {"Copy this instance's system database to another database on any engine (a staging copy), "
            + "streamed from one consistent snapshot straight into the target, in one transaction, with no file "
            + "in between. The copy keeps this instance's APP_KEY secrets: run it with the same APP_KEY.",
            "Checks first, as restore does: the target empty (exit 4 unless --force), not this database, not a "
            + "newer schema, and a .env target's APP_KEY equal to this one. A clone that fails or is killed leaves "
            + "the target as it was."})
final class CloneCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "A second instance's .env file "
            + "(its DB_* keys), or a URL: postgresql://USER@HOST[:PORT]/DB, mysql://USER@HOST[:PORT]/DB (or "
            + "mariadb://), sqlite:PATH; a jdbc: prefix is accepted. Give a server password in "
            + "PORTICO_CLONE_PASSWORD, not in the URL (command lines are visible to other users).")
    private String to;

    @Option(names = "--dry-run", description = "Run every check and print the plan; write nothing.")
    private boolean dryRun;

    @Option(names = "--force", description = "Clone over a target that holds data: its rows are deleted first, "
            + "in the same transaction as the load.")
    private boolean force;

    @Option(names = "--json", description = "Print the result as JSON (progress goes to standard error).")
    private boolean json;

    CloneCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : stdout;
        CloneTarget target = app.cloneTarget(to);
        app.lifecycle().check();
        CloneService clones = app.clones();
        if (dryRun) {
            RestorePlan plan = clones.plan(target, force);
            if (json) {
                JsonOutput.print(stdout, describe(target, plan, true, -1));
            } else {
                stdout.printf("Dry run: every check passed; nothing was written.%nWould clone the %s (schema %d) onto the "
                        + "%s (%s)%s:%n", app.config().database().describe(), plan.manifest().schemaVersion(),
                        plan.target(), plan.targetEngine(),
                        plan.replacesData() ? ", deleting its " + plan.targetRowsBefore() + " rows first" : "");
                for (BackupManifest.TableEntry table : plan.manifest().tables()) {
                    stdout.printf("  %-22s %,10d rows%n", table.name(), table.rows());
                }
            }
            return 0;
        }
        app.undoInterruptedRestores().forEach(progress::println);
        CloneService.CloneResult result = clones.clone(target, force, line -> {
            progress.println(line);
            progress.flush();
        });
        if (json) {
            JsonOutput.print(stdout, describe(target, result.plan(), false, result.millis()));
        } else {
            stdout.printf("Cloned onto the %s: %d tables, %,d rows, in %d ms (instance %s). It uses this instance's "
                    + "APP_KEY.%n", result.plan().target(), result.plan().manifest().tables().size(), result.rows(),
                    result.millis(), result.plan().manifest().instanceId());
        }
        return 0;
    }

    private static Map<String, Object> describe(CloneTarget target, RestorePlan plan, boolean dryRun, long millis) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("to", target.spec());
        all.put("dry_run", dryRun);
        all.put("target", plan.target());
        all.put("target_engine", plan.targetEngine());
        all.put("source_engine", plan.manifest().sourceEngine());
        all.put("schema_version", plan.manifest().schemaVersion());
        all.put("replaces_rows", plan.targetRowsBefore());
        List<Map<String, Object>> tables = plan.manifest().tables().stream()
                .map(t -> Map.<String, Object>of("name", t.name(), "rows", t.rows())).toList();
        all.put("tables", tables);
        all.put("rows", plan.manifest().totalRows());
        if (!dryRun) {
            all.put("millis", millis);
        }
        return all;
    }
}
