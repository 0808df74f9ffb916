package io.jqemu.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's logging: warnings only to stderr by default, debug with -v. */
class LogbackSetupTest {

    @AfterEach
    void clearVerbose() {
        System.clearProperty(GlobalOptions.VERBOSE_PROPERTY);
    }

    @Test
    void quietByDefault() {
        LoggerContext context = configured();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(((ConsoleAppender<?>) root.getAppender("stderr")).getTarget()).isEqualTo("System.err");
    }

    @Test
    void debugWithVerbose() {
        System.setProperty(GlobalOptions.VERBOSE_PROPERTY, "true");
        LoggerContext context = configured();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void verboseFlagIsSeenBeforeAnyLoggerExists() {
        CliRun.of("-v", "ls", "--state-root", "/nonexistent/jqemu-state");
        assertThat(Boolean.getBoolean(GlobalOptions.VERBOSE_PROPERTY)).isTrue();
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        LogbackSetup setup = new LogbackSetup();
        setup.setContext(context);
        setup.configure(context);
        return context;
    }
}
