package dev.portico.cli;

import dev.portico.backup.ArchiveVerifier;
import dev.portico.backup.BackupManifest;
import dev.portico.backup.Verification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code portico backup:verify FILE}: checks an archive's integrity without touching any database;
 * {@code --restore-test} also restores it into a throwaway SQLite database and verifies the result.
 */
@Command(name = "backup:verify", mixinStandardHelpOptions = true,
        description = {"Check a backup archive: complete ZIP, readable manifest, every entry's SHA-256 and row count. "
            + "Exits 3 naming what is wrong.",
            "--restore-test also restores it into a throwaway SQLite database (needs this instance's APP_KEY) and runs "
            + "`verify --against FILE` there; the configured system database is not touched."})
final class BackupVerifyCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive to check.")
    private Path file;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Option(names = "--restore-test", description = "Restore into a throwaway SQLite database in a temporary folder, "
            + "verify it against the archive, then delete the folder.")
    private boolean restoreTest;

    BackupVerifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!restoreTest) {
            context.app().readOnlyMode();
        }
        ArchiveVerifier.Verified verified = new ArchiveVerifier().verify(file.toAbsolutePath().normalize());
        BackupManifest manifest = verified.manifest();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("file", verified.file().toString());
            all.put("bytes", verified.bytes());
            all.put("valid", true);
            all.put("manifest", manifest);
            if (restoreTest) {
                Verification restored = restore(verified, spec.commandLine().getErr());
                all.put("restore_test", CheckReport.json(restored));
                JsonOutput.print(out, all);
                return CheckReport.exitCode(restored);
            }
            JsonOutput.print(out, all);
        } else {
            out.printf("OK: %s is intact: %d tables, %,d rows, every SHA-256 and row count matches.%n", verified.file(),
                    manifest.tables().size(), manifest.totalRows());
            out.printf("Made %s by Portico %s from %s (schema %d, instance %s, key %s)%s.%n", manifest.createdAt(),
                    manifest.porticoVersion(), manifest.sourceEngine(), manifest.schemaVersion(), manifest.instanceId(),
                    manifest.keyFingerprint(), manifest.includeEnv() ? ", with .env (holds APP_KEY)" : "");
            if (restoreTest) {
                return CheckReport.print(out, restore(verified, out));
            }
        }
        return 0;
    }

    private Verification restore(ArchiveVerifier.Verified verified, PrintWriter progress) {
        return context.app().restoreTest().run(verified, line -> {
            progress.println(line);
            progress.flush();
        });
    }
}
