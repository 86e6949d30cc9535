package dev.portico.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Builds the picocli command line over a {@link CliContext} and runs one command. */
public final class Cli {
    private Cli() {
    }

    public static CommandLine commandLine(CliContext context) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    Constructor<K> withContext = type.getDeclaredConstructor(CliContext.class);
                    return withContext.newInstance(context);
                } catch (NoSuchMethodException none) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        };
        CommandLine commandLine = new CommandLine(new PorticoCommand(), factory);
        commandLine.setExecutionExceptionHandler(new CliErrorHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /** Runs {@code args}, writing to the given streams; returns the exit code. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(context);
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
            context.app().close();
        }
    }
}
