package dev.portico.cli;

import java.io.Console;

/** The person at the keyboard, if any: commands ask for confirmation and passwords through it. */
public interface Terminal {
    boolean interactive();

    String readLine(String prompt);

    char[] readPassword(String prompt);

    /** The process's console; not interactive when input or output is redirected. */
    static Terminal system() {
        Console console = System.console();
        return new Terminal() {
            @Override
            public boolean interactive() {
                return console != null;
            }

            @Override
            public String readLine(String prompt) {
                return console == null ? null : console.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                return console == null ? null : console.readPassword("%s", prompt);
            }
        };
    }

    /** No one at the keyboard: what CI and scripts are. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String readLine(String prompt) {
                return null;
            }

            @Override
            public char[] readPassword(String prompt) {
                return null;
            }
        };
    }
}
