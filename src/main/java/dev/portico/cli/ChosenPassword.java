package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.AdminAccounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password an operator gives a command, never as an argument: from standard input
 * ({@code --password-stdin}), from ADMIN_PASSWORD, typed twice at a terminal, or else generated.
 * {@code source} names where it came from; null means generated (and so to be shown once).
 */
record ChosenPassword(String value, String source) {
    boolean generated() {
        return source == null;
    }

    static ChosenPassword choose(CliContext context, boolean fromStdin, AdminAccounts admins) throws IOException {
        App app = context.app();
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "--password-stdin was given but standard input was empty.");
            }
            return new ChosenPassword(line, "standard input");
        }
        if (app.config().adminPassword().isPresent()) {
            return new ChosenPassword(app.config().adminPassword().get().value(), "ADMIN_PASSWORD");
        }
        if (context.terminal().interactive()) {
            return new ChosenPassword(prompt(context.terminal()), "the prompt");
        }
        return new ChosenPassword(admins.generatePassword(), null);
    }

    private static String prompt(Terminal terminal) {
        char[] first = terminal.readPassword("Password (at least " + AdminAccounts.MIN_PASSWORD_LENGTH + " characters): ");
        char[] second = terminal.readPassword("Repeat the password: ");
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

    @Override
    public String toString() {
        return "ChosenPassword[source=" + (source == null ? "generated" : source) + "]";
    }
}
