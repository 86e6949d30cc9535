package dev.portico.cli;

import dev.portico.backup.BackupManifest;
import dev.portico.backup.RestorePlan;
import dev.portico.backup.RestoreService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code portico restore FILE}: loads a backup archive onto the configured system database, whatever its engine. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup archive onto the configured system database (SQLite, PostgreSQL or "
            + "MySQL/MariaDB, whatever the archive came from), with the original ids, in one transaction.",
            "Checks first: archive integrity (exit 3), APP_KEY fingerprint, schema version, empty target (exit 4). "
            + "A restore that fails leaves the target as it was."})
final class RestoreCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive written by `portico backup`.")
    private Path file;

    @Option(names = "--dry-run", description = "Run every check and print the plan; write nothing.")
    private boolean dryRun;

    @Option(names = "--force", description = "Restore over a target that holds data: its rows are deleted first, "
            + "in the same transaction as the load.")
    private boolean force;

    @Option(names = "--json", description = "Print the result as JSON (progress goes to standard error).")
    private boolean json;

    RestoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : stdout;
        Path archive = file.toAbsolutePath().normalize();
        RestoreService restores = context.app().restores();
        if (dryRun) {
            RestorePlan plan = restores.plan(archive, force);
            if (json) {
                JsonOutput.print(stdout, describe(plan, true, -1));
            } else {
                stdout.printf("Dry run: every check passed; nothing was written.%nWould restore %s (schema %d, from %s, "
                        + "key %s) onto the %s (%s)%s:%n", archive, plan.manifest().schemaVersion(),
                        plan.manifest().sourceEngine(), plan.manifest().keyFingerprint(), plan.target(),
                        plan.targetEngine(), plan.replacesData() ? ", deleting its " + plan.targetRowsBefore() + " rows first" : "");
                for (BackupManifest.TableEntry table : plan.manifest().tables()) {
                    stdout.printf("  %-22s %,10d rows%n", table.name(), table.rows());
                }
                if (plan.migratesForward()) {
                    stdout.printf("then migrate schema %d forward to %d.%n", plan.manifest().schemaVersion(), plan.latestSchema());
                }
            }
            return 0;
        }
        RestoreService.RestoreResult result = restores.restore(archive, force, line -> {
            progress.println(line);
            progress.flush();
        });
        if (json) {
            JsonOutput.print(stdout, describe(result.plan(), false, result.millis()));
        } else {
            stdout.printf("Restored %s onto the %s: %d tables, %,d rows, in %d ms (instance %s).%n", archive,
                    result.plan().target(), result.tables(), result.rows(), result.millis(),
                    result.plan().manifest().instanceId());
        }
        return 0;
    }

    private static Map<String, Object> describe(RestorePlan plan, boolean dryRun, long millis) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("file", plan.file().toString());
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
