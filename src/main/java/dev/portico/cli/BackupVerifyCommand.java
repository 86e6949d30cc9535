package dev.portico.cli;

import dev.portico.backup.ArchiveVerifier;
import dev.portico.backup.BackupManifest;
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

/** {@code portico backup:verify FILE}: checks an archive's integrity without touching any database. */
@Command(name = "backup:verify", mixinStandardHelpOptions = true,
        description = "Check a backup archive: complete ZIP, readable manifest, every entry's SHA-256 and row count. "
            + "Exits 3 naming what is wrong.")
final class BackupVerifyCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive to check.")
    private Path file;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    BackupVerifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.app().readOnlyMode();
        ArchiveVerifier.Verified verified = new ArchiveVerifier().verify(file.toAbsolutePath().normalize());
        BackupManifest manifest = verified.manifest();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("file", verified.file().toString());
            all.put("bytes", verified.bytes());
            all.put("valid", true);
            all.put("manifest", manifest);
            JsonOutput.print(out, all);
        } else {
            out.printf("OK: %s is intact: %d tables, %,d rows, every SHA-256 and row count matches.%n", verified.file(),
                    manifest.tables().size(), manifest.totalRows());
            out.printf("Made %s by Portico %s from %s (schema %d, instance %s, key %s)%s.%n", manifest.createdAt(),
                    manifest.porticoVersion(), manifest.sourceEngine(), manifest.schemaVersion(), manifest.instanceId(),
                    manifest.keyFingerprint(), manifest.includeEnv() ? ", with .env (holds APP_KEY)" : "");
        }
        return 0;
    }
}
