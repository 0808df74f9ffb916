package io.jqemu.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Options every command accepts: verbosity and the state root shared by run and the management commands. */
public final class GlobalOptions {

    /** System property the Logback setup reads; set from {@code -v} before any logger exists. */
    public static final String VERBOSE_PROPERTY = "jqemu.verbose";

    /** Environment variable naming the state root when {@code --state-root} is absent. */
    public static final String STATE_ROOT_ENV = "JQEMU_STATE_ROOT";

    @Option(names = {"-v", "--verbose"}, description = "Log debug detail to stderr (default: warnings only).")
    boolean verbose;

    @Option(names = "--state-root", paramLabel = "DIR",
            description = "Directory holding one state directory per running VM "
                    + "(default: $JQEMU_STATE_ROOT, else the launcher's default).")
    Path stateRoot;

    /** Whether {@code -v} was given. */
    public boolean verbose() {
        return verbose;
    }

    /** The state root from the option or the environment, if either names one. */
    public Optional<Path> stateRoot() {
        if (stateRoot != null) {
            return Optional.of(stateRoot);
        }
        return Optional.ofNullable(System.getenv(STATE_ROOT_ENV)).filter(s -> !s.isBlank()).map(Path::of);
    }
}
