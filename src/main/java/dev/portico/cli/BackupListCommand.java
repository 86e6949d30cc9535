package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.backup.BackupCatalog;
import dev.portico.upgrade.RollbackPoint;
import dev.portico.upgrade.RollbackPoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico backup:list}: the archives in storage/backups with their versions and sizes; {@code --keep} prunes. */
@Command(name = "backup:list", mixinStandardHelpOptions = true,
        description = {"List the backup archives in storage/backups with their Portico and schema versions and sizes.",
            "--keep N first deletes all but the N newest readable archives (unreadable files are left alone; the latest",
            "upgrade rollback point is always kept, and an older point goes with its record and .env copy)."})
final class BackupListCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Option(names = "--keep", paramLabel = "N", description = "Delete all but the N newest archives (N at least 1).")
    private Integer keep;

    BackupListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        if (keep == null) {
            app.readOnlyMode();
        }
        BackupCatalog catalog = app.backupCatalog();
        List<BackupCatalog.Entry> entries;
        PrintWriter out = spec.commandLine().getOut();
        if (keep != null && keep < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--keep must be at least 1; delete the last archive by hand if you mean to.");
        }
        RollbackPoints rollbackPoints = app.rollbackPoints();
        List<RollbackPoint> recorded = rollbackPoints.list();  // oldest first
        Map<String, RollbackPoint> points = new HashMap<>();
        recorded.forEach(point -> points.put(point.archive(), point));
        try {
            if (keep != null) {
                // the archive an unfinished rollback on MySQL/MariaDB needs must not be pruned
                List<String> unfinished = app.interruptedRollbacks();
                if (!unfinished.isEmpty()) {
                    throw new PorticoException(ErrorCode.REFUSED, String.join("\n", unfinished));
                }
                Optional<RollbackPoint> latest = recorded.isEmpty() ? Optional.empty()
                        : Optional.of(recorded.get(recorded.size() - 1));
                Set<String> protect = latest.map(point -> Set.of(point.archive())).orElse(Set.of());
                for (BackupCatalog.Entry deleted : catalog.prune(keep, protect, file -> Optional.ofNullable(points.get(file))
                        .map(rollbackPoints::companions).orElse(List.of()))) {
                    RollbackPoint point = points.get(deleted.file());
                    out.printf("Deleted %s (created %s)%s.%n", deleted.file(), deleted.createdAt(), point == null ? ""
                            : " and rollback point " + point.id() + " (its record and .env copy)");
                    org.slf4j.LoggerFactory.getLogger("portico.command").info("backup:list --keep {}: deleted {}",
                            keep, deleted.file());
                }
                latest.ifPresent(point -> out.printf("Kept %s: the latest rollback point (%s), which `portico rollback` "
                        + "restores; it goes once a later upgrade records a newer one.%n", point.archive(), point.id()));
            }
            entries = catalog.list().stream().map(entry -> points.containsKey(entry.file())
                    ? entry.withRollbackPoint(points.get(entry.file()).id()) : entry).toList();
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot list " + catalog.folder() + ": " + e.getMessage(), e);
        }
        if (json) {
            JsonOutput.print(out, entries);
        } else if (entries.isEmpty()) {
            out.println("No backups in " + catalog.folder() + ". Run `portico backup` to make one.");
        } else {
            out.printf("%-64s %12s  %-20s  %-8s  %-6s  %-10s  %s%n", "file", "bytes", "created", "portico", "schema",
                    "engine", "rows");
            for (BackupCatalog.Entry entry : entries) {
                if (entry.problem() != null) {
                    out.printf("%-64s %12d  %s%n", entry.file(), entry.bytes(), entry.problem());
                } else {
                    out.printf("%-64s %12d  %-20s  %-8s  %-6d  %-10s  %d%s%n", entry.file(), entry.bytes(),
                            entry.createdAt(), entry.porticoVersion(), entry.schemaVersion(), entry.sourceEngine(),
                            entry.rows(), (entry.includeEnv() ? "  (with .env)" : "")
                            + (entry.rollbackPoint() == null ? "" : "  (rollback point " + entry.rollbackPoint() + ")"));
                }
            }
        }
        return 0;
    }
}
