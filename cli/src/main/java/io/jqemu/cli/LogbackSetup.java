package io.jqemu.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration for the CLI, found through the {@link Configurator} service (no XML to
 * parse, so logging costs little start-up time): stderr only, warnings by default, debug with
 * {@code -v}. The libraries only ever see SLF4J.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    /** Creates the configurator (called by Logback's service loader). */
    public LogbackSetup() {
        // state comes from the system property at configure time
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean verbose = Boolean.getBoolean(GlobalOptions.VERBOSE_PROPERTY);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(verbose ? "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n" : "jqemu: %level: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
        root.setLevel(verbose ? Level.DEBUG : Level.WARN);
        if (verbose) {
            context.getLogger("io.netty").setLevel(Level.INFO);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
