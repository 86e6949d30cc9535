package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DotenvFile;
import dev.portico.config.EnvFileWriter;
import dev.portico.config.PorticoConfig;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyCanary;
import dev.portico.systemdb.InstanceRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico key:generate}: writes a new APP_KEY to .env, or shows one. */
@Command(name = "key:generate", mixinStandardHelpOptions = true,
        description = {"Generate a new APP_KEY and write it to .env (the previous file is kept as .env.backup-<time>). "
            + "Replacing an existing key makes the secrets sealed with it unreadable: asks for confirmation on a "
            + "terminal and needs --force otherwise."})
final class KeyGenerateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--show", description = "Print a new key and change nothing.")
    private boolean show;

    @Option(names = "--force", description = "Replace an existing key without asking.")
    private boolean force;

    KeyGenerateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AppKey key = AppKey.generate();
        if (show) {
            out.println(key.encoded());
            return 0;
        }
        App app = context.app();
        if (app.environmentValue("APP_KEY").isPresent()) {
            throw new PorticoException(ErrorCode.REFUSED, "APP_KEY is set in the environment, which overrides .env, so a "
                    + "key written to .env would not be used. Change it where the environment is set.");
        }
        // read .env as text, not through the validated configuration: a malformed key is exactly
        // what this command must be able to replace
        Path envFile = app.home().resolve(".env");
        String existing = DotenvFile.read(envFile).get("APP_KEY");
        if (existing != null && !existing.isBlank()) {
            String fingerprint = fingerprint(existing);
            String sealed = sealedWith(app).map(fp -> " The system database is sealed with key " + fp
                    + ": after this, Portico refuses to start until the old key is restored from the backup of .env.")
                    .orElse("");
            context.confirm(force, "APP_KEY is already set (" + fingerprint + ")." + sealed
                    + " Secrets sealed with the old key become unreadable.", "key:generate");
        }
        Path backup = EnvFileWriter.set(envFile, "APP_KEY", key.encoded());
        out.printf("APP_KEY set in %s (fingerprint %s).%n", envFile, key.fingerprint());
        LOG.info("key:generate: APP_KEY in {} replaced ({} -> fingerprint {}), previous file kept as {}", envFile,
                existing == null ? "none" : fingerprint(existing), key.fingerprint(), backup);
        if (backup != null) {
            out.printf("The previous file is kept as %s.%n", backup);
        }
        return 0;
    }

    private static String fingerprint(String encoded) {
        try {
            return "fingerprint " + AppKey.parse(encoded).fingerprint();
        } catch (PorticoException malformed) {
            return "but malformed";
        }
    }

    /** The fingerprint the database was sealed with, when the database can be read. */
    private static Optional<String> sealedWith(App app) {
        try {
            PorticoConfig config = app.config();
            if (config.database().engine() == DatabaseEngine.SQLITE && !Files.exists(config.database().sqliteFile())) {
                return Optional.empty();
            }
            return app.lifecycle().state().instance().map(InstanceRecord::keyCanary).map(KeyCanary::fingerprintOf);
        } catch (PorticoException unreadableConfigurationOrDatabase) {
            return Optional.empty();
        }
    }
}
