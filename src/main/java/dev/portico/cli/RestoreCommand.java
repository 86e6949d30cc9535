package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.backup.ArchiveExtras;
import dev.portico.backup.EnvRestore;
import dev.portico.backup.FileRestore;
import dev.portico.backup.RestorePlan;
import dev.portico.backup.RestoreService;
import dev.portico.config.EnvFileWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
            "Checks first: archive integrity (exit 3), APP_KEY fingerprint or the passphrase of a wrapped key, schema "
            + "version, engines, free space, empty target (exit 4). A restore that fails leaves the target as it was."})
final class RestoreCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive written by `portico backup`.")
    private Path file;

    @Option(names = "--dry-run", description = "Run every check and print the plan; write nothing.")
    private boolean dryRun;

    @Option(names = "--force", description = "Restore over a target that holds data (its rows are deleted first, "
            + "in the same transaction as the load), or replace a different APP_KEY in .env with the archive's key.")
    private boolean force;

    @Option(names = "--with-env", description = "After the load, write the archive's .env (made with --include-env) as "
            + "this instance's .env, keeping this instance's DB_* settings; the previous .env is kept as "
            + ".env.before-restore-<time>.")
    private boolean withEnv;

    @Option(names = "--with-files", description = "Also restore the storage files (made with --include-files): "
            + "extracted before the load, moved into storage/app after it; the previous folder is kept as "
            + "storage/app.before-restore-<time>.")
    private boolean withFiles;

    @Option(names = "--json", description = "Print the result as JSON (progress goes to standard error).")
    private boolean json;

    RestoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : stdout;
        Path archive = file.toAbsolutePath().normalize();
        ArchiveExtras extras = ArchiveExtras.read(archive);
        requireParts(extras);
        Optional<RestoreKey> key = RestoreKey.choose(context, extras, withEnv, force);
        RestoreService restores = key.map(chosen -> app.restores(chosen.key(), withFiles)).orElseGet(app::restores);
        if (dryRun) {
            RestorePlan plan = restores.plan(archive, force);
            RestoreReport report = new RestoreReport(plan, key.map(RestoreKey::source).orElse("APP_KEY"), withEnv,
                    withFiles);
            if (json) {
                JsonOutput.print(stdout, report.json(true, -1));
            } else {
                report.printPlan(stdout);
            }
            return 0;
        }
        app.undoInterruptedRestores().forEach(progress::println);
        Path envFile = app.config().envFile();
        List<String> newEnv = null;
        if (withEnv) {
            newEnv = EnvRestore.merge(extras.envLines().orElseThrow(), EnvRestore.currentLines(envFile),
                    key.map(RestoreKey::key).orElseThrow(() -> noKey(extras)));
        }
        FileRestore files = null;
        try {
            if (withFiles) {
                // the cheap checks first, so that a refused restore extracts nothing
                app.restoreChecks(key.orElseThrow(() -> noKey(extras)).key(), true)
                        .checkTarget(archive, extras.manifest(), force);
                files = FileRestore.stage(archive, extras.manifest(), app.config().storage());
            }
            RestoreService.RestoreResult result = restores.restore(archive, force, line -> {
                progress.println(line);
                progress.flush();
            });
            RestoreReport report = new RestoreReport(result.plan(), key.map(RestoreKey::source).orElse("APP_KEY"),
                    withEnv, withFiles);
            if (files != null) {
                report.filesKept(files.commit(), files.count());
            }
            if (newEnv != null) {
                report.envKept(envFile, EnvRestore.write(envFile, newEnv));
            } else if (key.isPresent() && key.get().writeToEnv()) {
                report.keyWritten(envFile, EnvFileWriter.set(envFile, "APP_KEY", key.get().key().encoded()),
                        key.get().key().fingerprint());
            }
            if (json) {
                JsonOutput.print(stdout, report.json(false, result.millis()));
            } else {
                report.printResult(stdout, result);
            }
            return 0;
        } finally {
            if (files != null) {
                files.close();
            }
        }
    }

    /** --with-env and --with-files need what the archive may not hold: refused before anything else. */
    private void requireParts(ArchiveExtras extras) {
        if (withEnv && extras.envLines().isEmpty()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, extras.file() + " holds no .env (it was made without "
                    + "--include-env), so --with-env cannot restore one. Run without --with-env; nothing was written.");
        }
        if (withFiles && !extras.manifest().includeFiles()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, extras.file() + " holds no storage files (it was made "
                    + "without --include-files), so --with-files cannot restore them. Run without --with-files; "
                    + "nothing was written.");
        }
    }

    private static PorticoException noKey(ArchiveExtras extras) {
        return new PorticoException(ErrorCode.REFUSED, "No key at hand opens " + extras.file() + " (sealed with key "
                + extras.manifest().keyFingerprint() + "): set APP_KEY to the key of the instance that made the backup"
                + (extras.wrappedKey().isPresent() ? ", or give the passphrase of its wrapped key" : "")
                + "; nothing was written.");
    }
}
