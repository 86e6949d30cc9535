package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.AdminAccounts;
import dev.portico.systemdb.SchemaState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code portico admin:password}: resets a sys-admin's password and ends that admin's sessions. */
@Command(name = "admin:password", mixinStandardHelpOptions = true,
        description = {"Reset a sys-admin's password, without a running server, and revoke every session that admin "
            + "has. The password comes from ADMIN_PASSWORD, from standard input with --password-stdin, or from a "
            + "prompt on a terminal; otherwise one is generated and printed once. It is never taken as an argument."})
final class AdminPasswordCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--email", required = true, description = "The sys-admin's e-mail address (the login).")
    private String email;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean passwordFromStdin;

    AdminPasswordCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        App app = context.app();
        SchemaState state = app.lifecycle().check();
        if (!state.initialized() || !state.pending().isEmpty()) {
            throw new PorticoException(ErrorCode.REFUSED, "The system database is not set up (" + state.pending().size()
                    + " pending migration(s)). Run `portico setup` or `portico migrate --seed` first.");
        }
        AdminAccounts admins = app.admins();
        admins.sysAdminId(email); // an unknown account fails before anyone is asked for a password
        String password;
        String source;
        if (passwordFromStdin) {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "--password-stdin was given but standard input was empty.");
            }
            source = "standard input";
        } else if (app.config().adminPassword().isPresent()) {
            password = app.config().adminPassword().get().value();
            source = "ADMIN_PASSWORD";
        } else if (context.terminal().interactive()) {
            password = prompt();
            source = "the prompt";
        } else {
            password = admins.generatePassword();
            source = null;
        }
        long id = admins.resetPassword(email, password);
        PrintWriter out = spec.commandLine().getOut();
        // naming the source matters: an ADMIN_PASSWORD left in .env by the first setup would otherwise win unnoticed
        out.printf("Reset the password of sys-admin %s (id %d)%s; every session it had is revoked.%n", email, id,
                source == null ? "" : ", from " + source);
        LOG.info("admin:password: reset the password of sys-admin {} (id {}) and revoked its sessions", email, id);
        if (source == null) {
            out.printf("Password: %s%nThis password is shown once. Log in and change it.%n", password);
        }
        return 0;
    }

    private String prompt() {
        char[] first = context.terminal().readPassword("New password (at least " + AdminAccounts.MIN_PASSWORD_LENGTH + " characters): ");
        char[] second = context.terminal().readPassword("Repeat the password: ");
        try {
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "The two passwords differ; nothing was changed.");
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }
}
