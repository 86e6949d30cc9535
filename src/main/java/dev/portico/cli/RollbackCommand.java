package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.AppKey;
import dev.portico.systemdb.SchemaContents;
import dev.portico.upgrade.RollbackPoint;
import dev.portico.upgrade.RollbackPoints;
import dev.portico.upgrade.RollbackRestore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico rollback}: puts back a rollback point recorded by {@code upgrade} and names the release to run. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Restore a rollback point recorded by `portico upgrade` (the latest, or --to POINT): the system "
            + "database from its verified archive, at the schema it had, and .env from its copy; then verify the "
            + "database against the archive and name the Portico release to run with it.",
            "A newer Portico refuses to serve the rolled-back database until it is migrated again. Asks on a "
            + "terminal; needs --yes otherwise."})
final class RollbackCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--to", paramLabel = "POINT", description = "The point's id (see --list); default: the latest.")
    private String to;

    @Option(names = "--list", description = "List the rollback points and change nothing.")
    private boolean list;

    @Option(names = "--yes", description = "Go ahead without asking (needed when not on a terminal).")
    private boolean yes;

    @Option(names = "--json", description = "Print the result as JSON (progress goes to standard error).")
    private boolean json;

    RollbackCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        PrintWriter out = spec.commandLine().getOut();
        RollbackPoints points = app.rollbackPoints();
        if (list) {
            // a rollback that dropped a MySQL/MariaDB schema and did not finish: say so before the points
            app.interruptedRollbacks().forEach(json ? spec.commandLine().getErr()::println : out::println);
            return list(out, points);
        }
        RollbackPoint point = points.find(Optional.ofNullable(to));
        AppKey key = points.envKey(point).or(app::appKey).orElseThrow(() -> new PorticoException(ErrorCode.REFUSED,
                "APP_KEY is not set and rollback point " + point.id() + " has no copy of .env, so its archive cannot "
                + "be opened. Set APP_KEY to the key of the instance at that point; nothing was changed."));
        RollbackRestore restorer = app.rollbackRestore(key);
        restorer.checkArchive(point);
        List<SchemaContents.SchemaObject> handMade = restorer.wouldDrop(point);
        context.confirm(yes, "Roll back to point " + point.id() + " (taken " + point.createdAt() + ", Portico "
                + point.fromVersion() + ", schema " + point.fromSchema() + "): the " + app.database().describe()
                + " is replaced by its archive" + (point.envCopy() == null ? "" : " and .env by its copy")
                + (handMade.isEmpty() ? "" : "; dropped with the schema, as the archive holds Portico's rows only: "
                + SchemaContents.names(handMade)) + ".",
                "rollback", "--yes");
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        app.undoInterruptedRestoresBeforeRollback().forEach(progress::println);
        RollbackRestore.Restored restored = restorer.restore(point, line -> {
            progress.println(line);
            progress.flush();
        });
        if (!restored.verification().passed()) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, "Rollback point " + point.id() + " was restored, but "
                    + "the database does not verify equal to its archive (" + restored.verification().summary()
                    + "). Run `portico verify --against " + points.archive(point) + "` for the details.");
        }
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rolled_back_to", point.id());
            result.put("schema", point.fromSchema());
            result.put("run_release", point.fromVersion());
            result.put("env_restored", restored.envRestored());
            result.put("dropped_hand_made", restored.droppedHandMade());
            result.put("millis", restored.millis());
            JsonOutput.print(out, result);
        } else {
            out.printf("Rolled back to point %s in %d ms: schema %d, verified equal to its archive%s.%n", point.id(),
                    restored.millis(), point.fromSchema(), restored.envRestored() ? "; .env put back" : "");
            if (!restored.droppedHandMade().isEmpty()) {
                out.println("Dropped with the schema (made by hand; the archive holds Portico's rows only): "
                        + String.join(", ", restored.droppedHandMade()) + ". Create them again if you need them.");
            }
            out.printf("Run Portico %s with this database. This Portico (%s) refuses to serve it until it is migrated "
                    + "again (`portico upgrade`).%n", point.fromVersion(), app.build().version());
        }
        return 0;
    }

    private int list(PrintWriter out, RollbackPoints points) {
        List<RollbackPoint> all = points.list();
        if (json) {
            JsonOutput.print(out, all.stream().map(point -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("point", point);
                row.put("archive_present", Files.isRegularFile(points.archive(point)));
                return row;
            }).toList());
            return 0;
        }
        if (all.isEmpty()) {
            out.println("No rollback points in " + points.folder() + ": `portico upgrade` records one before it "
                    + "changes anything.");
            return 0;
        }
        out.printf("%-16s  %-24s  %-9s  %-6s  %-9s  %s%n", "POINT", "TAKEN", "RELEASE", "SCHEMA", "UPGRADED", "ARCHIVE");
        for (RollbackPoint point : all) {
            boolean present = Files.isRegularFile(points.archive(point));
            out.printf("%-16s  %-24s  %-9s  %-6d  %-9s  %s%n", point.id(), point.createdAt(), point.fromVersion(),
                    point.fromSchema(), point.toVersion() + "/" + point.toSchema(),
                    point.archive() + (present ? "" : " (missing)"));
        }
        return 0;
    }
}
