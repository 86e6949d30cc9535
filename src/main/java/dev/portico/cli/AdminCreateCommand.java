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

/** {@code portico admin:create}: adds a sys-admin account. */
@Command(name = "admin:create", mixinStandardHelpOptions = true,
        description = {"Create a sys-admin. The password comes from ADMIN_PASSWORD, from standard input with "
            + "--password-stdin, or from a prompt on a terminal; otherwise one is generated and printed once. "
            + "It is never taken as an argument, where other users could see it."})
final class AdminCreateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--email", required = true, description = "The admin's e-mail address (the login).")
    private String email;

    @Option(names = "--name", description = "Display name (default: the part of the e-mail before @).")
    private String name;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean passwordFromStdin;

    AdminCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        App app = context.app();
        app.lifecycle().requireCurrent();
        AdminAccounts admins = app.admins();
        PrintWriter out = spec.commandLine().getOut();
        ChosenPassword chosen = ChosenPassword.choose(context, passwordFromStdin, admins);
        String password = chosen.value();
        boolean generated = chosen.generated();
        long id = admins.create(email, name, password);
        out.printf("Created sys-admin %s (id %d).%n", email, id);
        LOG.info("admin:create: created sys-admin {} (id {})", email, id);
        if (generated) {
            out.printf("Password: %s%nThis password is shown once. Log in and change it.%n", password);
        }
        return 0;
    }
}
