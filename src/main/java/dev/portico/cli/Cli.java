package dev.portico.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Builds the picocli command line over a {@link CliContext} and runs one command. */
public final class Cli {

    private Cli() {
    }

    /**
     * The command line for {@code args}. When the first argument names a command, only that
     * command's model is built: picocli reflects over every registered command, and that is most
     * of a short command's start-up time.
     */
    public static CommandLine commandLine(CliContext context, String... args) {
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
        String wanted = args.length > 0 ? args[0] : null;
        boolean known = PorticoCommand.SUBCOMMANDS.stream().anyMatch(type -> nameOf(type).equals(wanted));
        for (Class<?> type : PorticoCommand.SUBCOMMANDS) {
            if (!known || nameOf(type).equals(wanted)) {
                commandLine.addSubcommand(nameOf(type), new CommandLine(type, factory));
            }
        }
        commandLine.setExecutionExceptionHandler(new CliErrorHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    private static String nameOf(Class<?> type) {
        return type.getAnnotation(CommandLine.Command.class).name();
    }

    /** Runs {@code args}, writing to the given streams; returns the exit code. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(context, args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        long started = System.nanoTime();
        int code = 1;
        try {
            code = commandLine.execute(args);
            return code;
        } finally {
            if (args.length > 0 && context.app().fileLogging()) {
                // the command's name only: arguments are the operator's, and could hold anything
                // the logger is looked up here, not in a static field: a read-only command never starts logging
                LoggerFactory.getLogger("portico.command").info("{} finished with exit code {} in {} ms", args[0], code, (System.nanoTime() - started) / 1_000_000);
            }
            out.flush();
            err.flush();
            context.app().close();
        }
    }
}
