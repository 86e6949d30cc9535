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

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult) {
        String name = command.getCommandName();
        Logger log = LoggerFactory.getLogger("portico.command");
        if (error instanceof PorticoException known) {
            // info, not warn: the console already shows the message as the "error:" line below
            log.info("{} failed: {}", name, known.getMessage());
            log.debug("{} failure detail", name, known);
            command.getErr().println("error: " + known.getMessage());
            command.getErr().flush();
            return known.code().exitCode();
        }
        log.error("{} failed unexpectedly", name, error);
        command.getErr().println("error: " + name + " failed unexpectedly (" + error.getClass().getSimpleName()
                + "). storage/logs/portico.log has the details; `portico migrate:status` shows the schema's state.");
        command.getErr().flush();
        return ErrorCode.FAILED.exitCode();
    }
}
