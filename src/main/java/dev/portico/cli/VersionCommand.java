package dev.portico.cli;

import dev.portico.App;
import dev.portico.BuildInfo;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.PorticoConfig;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SchemaState;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico version}: this build, the schema it finds, the database engine and the Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Show the Portico version, build, schema versions, database engine and Java version.")
final class VersionCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    VersionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        app.readOnlyMode();
        BuildInfo build = app.build();
        PorticoConfig config = app.config();
        Map<String, Object> portico = new LinkedHashMap<>();
        portico.put("version", build.version());
        portico.put("commit", build.commit());
        portico.put("built_at", build.builtAt());
        Map<String, Object> schema = new LinkedHashMap<>();
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("engine", config.database().engine().connectionName());
        database.put("location", config.database().describe());
        String problem = null;
        try {
            DatabaseEngine engine = config.database().engine();
            MigrationCatalog catalog = MigrationCatalog.forEngine(engine);
            if (engine == DatabaseEngine.SQLITE && !Files.exists(config.database().sqliteFile())) {
                database.put("server_version", "not created yet (run `portico setup`)");
                schema.put("applied", 0);
                schema.put("latest", catalog.latest());
                schema.put("pending", catalog.migrations().size());
            } else {
                // one connection and no key work: this command is meant to be instant
                try (Connection connection = app.database().connect()) {
                    DatabaseMetaData meta = connection.getMetaData();
                    database.put("server_version", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
                    SchemaState state = SchemaInspector.inspect(connection, catalog);
                    schema.put("applied", state.current());
                    schema.put("latest", state.latest());
                    schema.put("pending", state.pending().size());
                    state.instance().ifPresent(instance -> {
                        database.put("instance_id", instance.instanceId());
                        database.put("last_migrated_by", instance.porticoVersion());
                    });
                }
            }
        } catch (PorticoException e) {
            problem = e.getMessage();
            database.put("error", problem);
        } catch (SQLException e) {
            problem = "lost the connection to the " + config.database().describe() + " (" + e.getMessage() + ")";
            database.put("error", problem);
        }
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", Runtime.version().toString());
        java.put("vendor", System.getProperty("java.vendor"));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("portico", portico);
            all.put("schema", schema);
            all.put("database", database);
            all.put("java", java);
            JsonOutput.print(out, all);
        } else {
            out.printf("Portico   %s (commit %s, built %s)%n", build.version(), build.commit(), build.builtAt());
            if (!schema.isEmpty()) {
                out.printf("Schema    %s applied, %s latest, %s pending%n", schema.get("applied"), schema.get("latest"),
                        schema.get("pending"));
            }
            out.printf("Database  %s: %s%n", config.database().engine().displayName(),
                    problem == null ? database.get("server_version") + " (" + database.get("location") + ")" : problem);
            out.printf("Java      %s (%s)%n", java.get("version"), java.get("vendor"));
        }
        return problem == null ? 0 : 1;
    }
}
