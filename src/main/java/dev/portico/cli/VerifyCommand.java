package dev.portico.cli;

import dev.portico.App;
import dev.portico.backup.Verification;
import dev.portico.backup.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico verify}: checks the system database, on its own or against a backup archive; one row per check. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the system database from one consistent snapshot, one row per check: the key, every "
            + "sealed secret opens, password hashes, referential integrity, the connections of database services, and "
            + "per-table row counts and SHA-256.",
            "--against FILE first checks the archive, then compares every table row by row with it: users, API "
            + "configurations, scripts, settings. Exits 3 when a check fails; reads only."})
final class VerifyCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--against", paramLabel = "FILE", description = "A backup archive to compare the database with.")
    private Path against;

    @Option(names = "--json", description = "Print the checks as JSON.")
    private boolean json;

    VerifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        Verifier verifier = app.verifier();
        Verification verification = against == null ? verifier.internal()
                : verifier.against(against.toAbsolutePath().normalize());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, CheckReport.json(verification));
            return CheckReport.exitCode(verification);
        }
        return CheckReport.print(out, verification);
    }
}
