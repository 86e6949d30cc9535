package dev.portico.cli;

import dev.portico.App;
import dev.portico.backup.Verification;
import dev.portico.upgrade.Doctor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico doctor}: the instance's troubleshooting as checks, one row each; {@code --fix} does the safe repairs. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what keeps an instance from running, one row per check (ok, warn, failed, skipped) "
            + "with what to do: Java, the configuration, .env permissions, the storage folders, free disk, the "
            + "database (and its latency), pending or edited migrations, a stale migration lock, the key canary and "
            + "every sealed secret, the HTTP port, the cache store.",
            "--fix does only the safe repairs (chmod 600 on .env, missing storage folders, a stale SQLite lock record), "
            + "says what it did and checks again; it never touches data, keys or migrations. Exits 3 when a check "
            + "fails (warnings pass)."})
final class DoctorCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--fix", description = "Do the safe repairs, then check again.")
    private boolean fix;

    @Option(names = "--json", description = "Print the checks (and the repairs) as JSON.")
    private boolean json;

    DoctorCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        app.readOnlyMode(); // no log file: a broken storage folder is what doctor may be asked about
        Doctor doctor = app.doctor();
        Doctor.Examination examination = doctor.examine();
        List<String> fixed = List.of();
        if (fix) {
            fixed = doctor.fix(examination);
            if (!fixed.isEmpty()) {
                examination = doctor.examine();
            }
        }
        Verification verification = examination.verification();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>(CheckReport.json(verification));
            if (fix) {
                all.put("fixed", fixed);
            }
            JsonOutput.print(out, all);
            return CheckReport.exitCode(verification);
        }
        if (fix) {
            fixed.forEach(out::println);
            out.println(fixed.isEmpty() ? "Nothing to fix safely; checked once." : "Checked again after the repairs:");
        }
        return CheckReport.print(out, verification);
    }
}
