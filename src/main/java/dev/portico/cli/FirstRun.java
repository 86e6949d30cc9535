package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.AdminAccounts;
import dev.portico.config.EnvFileWriter;
import dev.portico.config.PorticoConfig;
import dev.portico.crypto.AppKey;
import dev.portico.lifecycle.MigrationReport;
import dev.portico.systemdb.SchemaMigrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code setup} and {@code serve} do to make an instance usable: a {@code .env} with a fresh
 * APP_KEY when there is none, the schema created and seeded, and a first sys-admin.
 */
final class FirstRun {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    private FirstRun() {
    }

    private static AdminAccounts.NewAdmin join(CompletableFuture<AdminAccounts.NewAdmin> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    static void prepare(App app, PrintWriter out, boolean autoMigrate) {
        try {
            Files.createDirectories(app.home());
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot create the instance folder " + app.home()
                    + " (" + e.getClass().getSimpleName() + "). Choose a writable PORTICO_HOME.", e);
        }
        PorticoConfig config = app.config();
        if (config.appKey().isEmpty()) {
            boolean sealed = app.lifecycle().state().instance().isPresent();
            if (sealed) {
                app.lifecycle().check(); // refuses, naming the key the database was sealed with
            }
            AppKey key = AppKey.generate();
            if (!EnvFileWriter.createIfMissing(config.envFile(), key.encoded())) {
                EnvFileWriter.set(config.envFile(), "APP_KEY", key.encoded());
            }
            out.printf("Wrote a new APP_KEY (fingerprint %s) to %s. Back this file up: without it the secrets in the "
                    + "system database cannot be read.%n", key.fingerprint(), config.envFile());
            LOG.info("first run: wrote a new APP_KEY (fingerprint {}) to {}", key.fingerprint(), config.envFile());
            app.reloadConfig();
            config = app.config();
        }
        AdminAccounts admins = app.admins();
        String email = config.adminEmail().orElse("admin@portico.local");
        boolean generated = config.adminPassword().isEmpty();
        String password = config.adminPassword().map(secret -> secret.value()).orElseGet(admins::generatePassword);
        // on a new database the first admin is certain: hash its password (the slow part) while the schema is created
        boolean fresh = !app.lifecycle().state().initialized();
        if (fresh) {
            SchemaMigrator.warmUp(config.database().engine());
        }
        CompletableFuture<AdminAccounts.NewAdmin> firstAdmin = fresh
                ? CompletableFuture.supplyAsync(() -> admins.prepare(email, "Administrator", password)) : null;
        Optional<MigrationReport> migrated = app.lifecycle().prepareToServe(autoMigrate);
        migrated.ifPresent(report -> out.println(report.summary()
                + (report.seeded() > 0 ? " Seeded " + report.seeded() + " row(s)." : "")));
        if (admins.countSysAdmins() == 0) {
            admins.insert(firstAdmin != null ? join(firstAdmin) : admins.prepare(email, "Administrator", password));
            LOG.info("first run: created sys-admin {} ({})", email, generated ? "generated password, shown once" : "password from ADMIN_PASSWORD");
            if (generated) {
                out.printf("Created the first sys-admin %s with password: %s%n"
                        + "This password is shown once. Log in and change it.%n", email, password);
            } else {
                out.printf("Created the first sys-admin %s (password from ADMIN_PASSWORD).%n", email);
            }
        }
    }
}
