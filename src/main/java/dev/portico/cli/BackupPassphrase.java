package dev.portico.cli;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.KeyWrap;
import java.util.Arrays;

/**
 * The passphrase that wraps APP_KEY in an archive: from PORTICO_BACKUP_PASSPHRASE (the process
 * environment only, never .env, never an argument) or typed at a terminal. Stateless.
 */
final class BackupPassphrase {
    static final String VARIABLE = "PORTICO_BACKUP_PASSPHRASE";

    private BackupPassphrase() {
    }

    /** For a backup: the variable, or typed twice; at least {@link KeyWrap#MIN_PASSPHRASE_LENGTH} characters. */
    static char[] choose(CliContext context) {
        char[] passphrase = context.app().environmentValue(VARIABLE).map(String::toCharArray).orElse(null);
        if (passphrase == null) {
            Terminal terminal = requireTerminal(context, "--with-key needs a passphrase to wrap APP_KEY");
            char[] first = terminal.readPassword("Backup passphrase (at least " + KeyWrap.MIN_PASSPHRASE_LENGTH
                    + " characters): ");
            char[] second = terminal.readPassword("Repeat the passphrase: ");
            boolean same = first != null && Arrays.equals(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "The two passphrases differ; nothing was written.");
            }
            passphrase = first;
        }
        KeyWrap.checkPassphrase(passphrase);
        return passphrase;
    }

    /** For a restore that needs the wrapped key: the variable, or typed once. */
    static char[] ask(CliContext context, String why) {
        return context.app().environmentValue(VARIABLE).map(String::toCharArray).orElseGet(() -> {
            char[] typed = requireTerminal(context, why).readPassword("Backup passphrase: ");
            if (typed == null || typed.length == 0) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "No passphrase was typed; nothing was written.");
            }
            return typed;
        });
    }

    private static Terminal requireTerminal(CliContext context, String why) {
        if (!context.terminal().interactive()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, why + ", but " + VARIABLE + " is not set and this is "
                    + "not a terminal to ask on. Set " + VARIABLE + " in the environment (never as an argument); "
                    + "nothing was written.");
        }
        return context.terminal();
    }
}
