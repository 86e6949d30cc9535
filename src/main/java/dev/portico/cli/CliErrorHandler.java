package dev.portico.cli;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place CLI errors are rendered: one message on standard error and the exit code of its kind. */
final class CliErrorHandler implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger("portico.command");

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult) {
        String name = command.getCommandName();
        if (error instanceof PorticoException known) {
            LOG.warn("{} failed: {}", name, known.getMessage());
            LOG.debug("{} failure detail", name, known);
            command.getErr().println("error: " + known.getMessage());
            command.getErr().flush();
            return known.code().exitCode();
        }
        LOG.error("{} failed unexpectedly", name, error);
        command.getErr().println("error: " + name + " failed unexpectedly (" + error.getClass().getSimpleName()
                + "). storage/logs/portico.log has the details; `portico migrate:status` shows the schema's state.");
        command.getErr().flush();
        return ErrorCode.FAILED.exitCode();
    }
}
