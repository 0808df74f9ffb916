package io.jqemu.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.io.PrintWriter;

/**
 * What the commands tell the user on stderr. In the text format (default) each is a line
 * {@code jqemu: ...} on the command's error writer; with {@code --log-format json} each is a log event
 * of logger {@code io.jqemu.cli} (one JSON object per line), its key-value pairs (such as {@code event}
 * or {@code state}) as fields of their own.
 */
public final class Stderr {

    private static final Logger LOG = LoggerFactory.getLogger("io.jqemu.cli");

    private Stderr() {
    }

    /**
     * Progress or a state change: {@code jqemu: MESSAGE}, or an info event.
     *
     * @param keyValues alternating keys and values added to the JSON object (ignored in text)
     */
    public static void info(PrintWriter err, String message, Object... keyValues) {
        if (LogFormat.current() == LogFormat.JSON) {
            with(LOG.atInfo(), keyValues).log(message);
            return;
        }
        synchronized (err) {
            err.println("jqemu: " + message);
            err.flush();
        }
    }

    /** A warning: {@code jqemu: warning: MESSAGE}, or a warn event. */
    public static void warn(PrintWriter err, String message) {
        if (LogFormat.current() == LogFormat.JSON) {
            LOG.warn(message);
            return;
        }
        synchronized (err) {
            err.println("jqemu: warning: " + message);
            err.flush();
        }
    }

    /**
     * Why a command failed: {@code jqemu: MESSAGE}, or an error event carrying {@code cause}'s stack
     * when given.
     *
     * @param cause the exception whose stack the JSON event carries, or null for none
     */
    public static void error(PrintWriter err, String message, Throwable cause) {
        if (LogFormat.current() == LogFormat.JSON) {
            LoggingEventBuilder event = LOG.atError();
            if (cause != null) {
                event = event.setCause(cause);
            }
            event.log(message);
            return;
        }
        synchronized (err) {
            err.println("jqemu: " + message);
            err.flush();
        }
    }

    private static LoggingEventBuilder with(LoggingEventBuilder event, Object... keyValues) {
        LoggingEventBuilder built = event;
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            built = built.addKeyValue(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return built;
    }
}
