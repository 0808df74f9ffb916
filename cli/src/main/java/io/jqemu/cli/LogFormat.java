package io.jqemu.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * How the CLI writes to stderr: {@link #TEXT} lines for people ({@code jqemu: ...}), or {@link #JSON},
 * one JSON object per line for journald and log shippers. Chosen by {@code --log-format}, else by
 * {@link #ENV} ({@code JQEMU_LOG_FORMAT}, for units and job specs), else text.
 */
public enum LogFormat {
    /** Lines for people: {@code jqemu: demo: running ...}. */
    TEXT,
    /** One JSON object per line: time, vm, level, logger, event or state, message, exception. */
    JSON;

    /** System property the Logback setup reads; set from {@code --log-format} before any logger exists. */
    public static final String PROPERTY = "jqemu.logFormat";

    /** Environment variable choosing the format when {@code --log-format} is absent. */
    public static final String ENV = "JQEMU_LOG_FORMAT";

    /**
     * The format named {@code value} ({@code text} or {@code json}, any case).
     *
     * @param source where the value came from, for the error ({@code --log-format}, {@code JQEMU_LOG_FORMAT})
     * @throws IllegalArgumentException naming the source and the value when it is neither
     */
    public static LogFormat parse(String source, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException(source + ": must be text or json, not '" + value + "'");
        };
    }

    /** The format in force: the system property (set from the option), else {@link #ENV}, else text. */
    public static LogFormat current() {
        String chosen = System.getProperty(PROPERTY);
        if (chosen != null) {
            return parse(PROPERTY, chosen);
        }
        return fromEnvironment().orElse(TEXT);
    }

    /**
     * The format {@link #ENV} names, when it is set and not blank.
     *
     * @throws IllegalArgumentException when it names neither format
     */
    public static Optional<LogFormat> fromEnvironment() {
        return Optional.ofNullable(System.getenv(ENV)).filter(v -> !v.isBlank()).map(v -> parse(ENV, v));
    }
}
