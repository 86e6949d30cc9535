package dev.portico;

import dev.portico.cli.Cli;
import dev.portico.cli.CliContext;
import dev.portico.cli.Terminal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The {@code portico} program: finds the instance folder, runs one command, exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        String home = environment.get("PORTICO_HOME");
        Path folder = home == null || home.isBlank() ? Path.of("").toAbsolutePath() : Path.of(home);
        CliContext context = new CliContext(new App(folder, environment), Terminal.system());
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = Cli.run(context, out, err, args);
        System.exit(code);
    }
}
