package dev.portico.cli;

import dev.portico.App;
import dev.portico.auth.AdminAccounts;
import java.io.IOException;
import java.io.PrintWriter;
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
        app.lifecycle().requireCurrent();
        AdminAccounts admins = app.admins();
        admins.sysAdminId(email); // an unknown account fails before anyone is asked for a password
        ChosenPassword chosen = ChosenPassword.choose(context, passwordFromStdin, admins);
        String password = chosen.value();
        String source = chosen.source();
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
}
