package dev.portico.cli;

import dev.portico.systemdb.AppliedMigration;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico migrate:status}: every migration, applied or pending, as a table. */
@Command(name = "migrate:status", mixinStandardHelpOptions = true,
        description = "List every migration this Portico knows and the ones the database has, with their state.")
final class MigrateStatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    MigrateStatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        SchemaState state = context.app().lifecycle().state();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MigrationCatalog.KnownMigration known : state.catalog().migrations()) {
            Optional<AppliedMigration> applied = state.applied().stream()
                    .filter(a -> a.version() == known.version()).reduce((first, last) -> last);
            rows.add(row(known.version(), known.description(),
                    applied.map(a -> a.success() ? "applied" : "FAILED").orElse("pending"),
                    applied.map(AppliedMigration::installedOn).orElse("")));
        }
        for (AppliedMigration unknown : state.unknownApplied()) {
            rows.add(row(unknown.version(), unknown.description(), "applied, unknown to this Portico (newer)",
                    unknown.installedOn()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("current", state.current());
            all.put("latest", state.latest());
            all.put("pending", state.pending().size());
            all.put("migrations", rows);
            JsonOutput.print(out, all);
            return 0;
        }
        out.printf("%-8s %-40s %-10s %s%n", "Version", "Description", "State", "Applied at");
        for (Map<String, Object> row : rows) {
            out.printf("%-8s %-40s %-10s %s%n", row.get("version"), row.get("description"), row.get("state"),
                    row.get("installed_on"));
        }
        out.printf("%nSchema %d of %d, %d pending.%n", state.current(), state.latest(), state.pending().size());
        return 0;
    }

    private static Map<String, Object> row(int version, String description, String state, String installedOn) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("version", version);
        row.put("description", description);
        row.put("state", state);
        row.put("installed_on", installedOn == null ? "" : installedOn);
        return row;
    }
}
