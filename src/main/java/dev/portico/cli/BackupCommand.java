package dev.portico.cli;

import dev.portico.App;
import dev.portico.backup.BackupManifest;
import dev.portico.backup.BackupService;
import dev.portico.crypto.KeyWrap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico backup}: writes one archive of the system database from a consistent snapshot. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write a backup archive of the system database, streamed from one consistent snapshot, to "
            + "storage/backups (or --out). The file appears only once it is complete.",
            "Sealed secrets stay sealed: restoring them needs the same APP_KEY (see --include-env)."})
final class BackupCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the archive here instead of storage/backups.")
    private Path out;

    @Option(names = "--include-env", description = "Also store .env, which holds APP_KEY: whoever has the archive "
            + "can then open every sealed secret. Keep such an archive as safe as the key.")
    private boolean includeEnv;

    @Option(names = "--include-files", description = "Also store the instance's data files (storage/app), each "
            + "with its size and SHA-256 in the manifest.")
    private boolean includeFiles;

    @Option(names = "--with-key", description = "Also store APP_KEY wrapped under a passphrase (Argon2id, "
            + "AES-256-GCM), so the archive restores where the key is lost. The passphrase comes from "
            + "PORTICO_BACKUP_PASSPHRASE or is asked twice on a terminal; at least 12 characters.")
    private boolean withKey;

    @Option(names = "--json", description = "Print the result as JSON (progress goes to standard error).")
    private boolean json;

    BackupCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        App app = context.app();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : stdout;
        app.lifecycle().check();
        KeyWrap.Wrapped wrapped = null;
        if (withKey) {
            char[] passphrase = BackupPassphrase.choose(context);
            try {
                // lifecycle().check() proved this is the key the database is sealed with
                wrapped = KeyWrap.wrap(app.appKey().orElseThrow(), passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
        BackupService.BackupResult result = app.backups().backup(
                Optional.ofNullable(out).map(path -> path.toAbsolutePath().normalize()),
                new BackupService.Options(includeEnv, includeFiles, wrapped),
                line -> {
                    progress.println(line);
                    progress.flush();
                });
        BackupManifest manifest = result.manifest();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("file", result.file().toString());
            all.put("bytes", result.bytes());
            all.put("manifest", manifest);
            if (includeEnv) {
                all.put("warning", "the archive holds .env with APP_KEY");
            }
            JsonOutput.print(stdout, all);
        } else {
            stdout.printf("Backup written: %s (%,d bytes, %d tables, %,d rows, schema %d, key %s)%n", result.file(),
                    result.bytes(), manifest.tables().size(), manifest.totalRows(), manifest.schemaVersion(),
                    manifest.keyFingerprint());
            if (!includeEnv && !withKey) {
                stdout.println("It does not hold APP_KEY: keep .env (or the key) too, or the sealed secrets cannot be read.");
            }
        }
        return 0;
    }
}
