package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How a remote console keeps strangers out, beside its listener and {@link ConsoleAuth}.
 *
 * @param password where the password comes from (used with {@link ConsoleAuth#PASSWORD})
 * @param tls      TLS credentials, or empty for a plain connection
 * @param insecure allow a TCP listener off loopback without a password ({@link ConsoleAuth#NONE}),
 *                 which validation refuses otherwise; the launcher then logs a warning at each start
 */
public record ConsoleSecurity(ConsolePassword password, Optional<ConsoleTls> tls, boolean insecure) {
    /** A generated password, no TLS, nothing insecure allowed. */
    public static final ConsoleSecurity DEFAULT = new ConsoleSecurity(ConsolePassword.GENERATED, Optional.empty(), false);

    /** Rejects null components. */
    public ConsoleSecurity {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
    }

    /** The same with {@code value} as the password source. */
    public ConsoleSecurity withPassword(ConsolePassword value) {
        return new ConsoleSecurity(value, tls, insecure);
    }

    /** The same with TLS credentials. */
    public ConsoleSecurity withTls(ConsoleTls value) {
        return new ConsoleSecurity(password, Optional.of(value), insecure);
    }

    /** The same with {@code insecure} set to {@code value}. */
    public ConsoleSecurity withInsecure(boolean value) {
        return new ConsoleSecurity(password, tls, value);
    }
}
