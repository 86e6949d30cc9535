package dev.portico;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Logging set up in code: warnings to the console until the configuration is known, then the
 * console at the chosen level plus daily- and size-rotated files under {@code storage/logs}.
 * Found by logback through the service loader, which is faster than parsing an XML file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class Logging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(console(context, Level.WARN));
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Sends logs at {@code level} to {@code logs/portico.log} (rotated daily and at 20 MB, 14 days
     * kept) and, at {@code consoleLevel} or above, to standard error.
     */
    public static void configure(Path logs, String level, String consoleLevel) {
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot create the log folder " + logs + " ("
                    + e.getClass().getSimpleName() + "). Make storage/ writable by this user.", e);
        }
        if (!Files.isWritable(logs)) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "The log folder " + logs
                    + " is not writable by this user. Fix its permissions (chown/chmod).");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        root.addAppender(console(context, Level.toLevel(consoleLevel.toUpperCase(Locale.ROOT), Level.WARN)));
        root.addAppender(file(context, logs));
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, Level threshold) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        // stack traces go to the file only: the console gets one line per event
        console.setEncoder(encoder(context, false));
        ThresholdFilter filter = new ThresholdFilter();
        filter.setLevel(threshold.levelStr);
        filter.start();
        console.addFilter(filter);
        console.start();
        return console;
    }

    private static RollingFileAppender<ILoggingEvent> file(LoggerContext context, Path logs) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("file");
        file.setFile(logs.resolve("portico.log").toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(logs.resolve("portico.%d{yyyy-MM-dd,UTC}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("20MB"));
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("1GB"));
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(encoder(context, true));
        file.start();
        return file;
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, boolean stackTraces) {
        LogLineLayout layout = new LogLineLayout(stackTraces);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(java.nio.charset.StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }
}
