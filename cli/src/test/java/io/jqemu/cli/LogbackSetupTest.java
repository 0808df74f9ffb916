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
        System.clearProperty(LogFormat.PROPERTY);
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
    void jsonFormatLogsInformationAsOneJsonObjectPerEvent() throws Exception {
        System.setProperty(LogFormat.PROPERTY, "JSON");
        LoggerContext context = configured();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("stderr");
        @SuppressWarnings("unchecked")
        ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder =
                (ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent>) stderr.getEncoder();
        ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent("x",
                context.getLogger("io.jqemu.cli"), Level.INFO, "demo: event STOP", null, null);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("event", "STOP"));
        event.setMDCPropertyMap(java.util.Map.of(LogbackSetup.VM_KEY, "demo", "other", "x"));

        String line = new String(encoder.encode(event), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        assertThat(json.path("time").asText()).endsWith("Z");
        assertThat(json.path("vm").asText()).isEqualTo("demo");
        assertThat(json.has("other")).isFalse();
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("logger").asText()).isEqualTo("io.jqemu.cli");
        assertThat(json.path("event").asText()).isEqualTo("STOP");
        assertThat(json.path("message").asText()).isEqualTo("demo: event STOP");
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
