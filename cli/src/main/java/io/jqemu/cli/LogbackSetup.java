package io.jqemu.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;

/**
 * Logback's configuration for the CLI, found through the {@link Configurator} service (no XML to
 * parse, so logging costs little start-up time): stderr only; warnings by default, debug with
 * {@code -v}. With {@code --log-format json} (or {@code JQEMU_LOG_FORMAT=json}) every event is one JSON
 * object per line (logstash-logback-encoder) with the fields {@code time} (ISO-8601, UTC),
 * {@code vm} (from the MDC, where known), {@code level}, {@code logger}, the event's key-value pairs
 * ({@code event}, {@code state} ...), {@code message} and {@code exception} (the stack trace, when
 * there is one), and information is logged too. The libraries only ever see SLF4J.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    /** The MDC key naming the VM a log event is about. */
    public static final String VM_KEY = io.jqemu.launcher.vm.VmLogContext.KEY;

    /** Creates the configurator (called by Logback's service loader). */
    public LogbackSetup() {
        // state comes from the system properties at configure time
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean verbose = Boolean.getBoolean(GlobalOptions.VERBOSE_PROPERTY);
        boolean json = format() == LogFormat.JSON;
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(json ? jsonEncoder(context) : textEncoder(context, verbose));
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
        root.setLevel(verbose ? Level.DEBUG : json ? Level.INFO : Level.WARN);
        if (verbose || json) {
            context.getLogger("io.netty").setLevel(verbose ? Level.INFO : Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static LogFormat format() {
        try {
            return LogFormat.current();
        } catch (IllegalArgumentException e) {
            return LogFormat.TEXT; // the command line refuses it before anything is logged
        }
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context, boolean verbose) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(verbose ? "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n" : "jqemu: %level: %msg%n");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
        LoggingEventFormattedTimestampJsonProvider time = new LoggingEventFormattedTimestampJsonProvider();
        time.setFieldName("time");
        time.setPattern("[ISO_INSTANT]");
        time.setTimeZone("UTC");
        providers.addTimestamp(time);
        MdcJsonProvider mdc = new MdcJsonProvider();
        mdc.addIncludeMdcKeyName(VM_KEY);
        providers.addMdc(mdc);
        LogLevelJsonProvider level = new LogLevelJsonProvider();
        level.setFieldName("level");
        providers.addLogLevel(level);
        LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
        logger.setFieldName("logger");
        providers.addLoggerName(logger);
        providers.addKeyValuePairs(new KeyValuePairsJsonProvider());
        MessageJsonProvider message = new MessageJsonProvider();
        message.setFieldName("message");
        providers.addMessage(message);
        StackTraceJsonProvider exception = new StackTraceJsonProvider();
        exception.setFieldName("exception");
        providers.addStackTrace(exception);
        LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
        encoder.setContext(context);
        encoder.setProviders(providers);
        encoder.start();
        return encoder;
    }
}
