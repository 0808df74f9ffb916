package io.jqemu.cli;

import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.host.HostLayout;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Options every command accepts: verbosity and the state root shared by run and the management
 * commands. They may be given before the subcommand ({@code jqemu --state-root DIR ls}) or after it
 * ({@code jqemu ls --state-root DIR}); given in both places, the one after the subcommand wins.
 */
public final class GlobalOptions {

    /** System property the Logback setup reads; set from {@code -v} before any logger exists. */
    public static final String VERBOSE_PROPERTY = "jqemu.verbose";

    /** Environment variable naming the state root when {@code --state-root} is absent. */
    public static final String STATE_ROOT_ENV = "JQEMU_STATE_ROOT";

    /** Environment variable naming the runtime root when {@code --runtime-root} is absent. */
    public static final String RUNTIME_ROOT_ENV = "JQEMU_RUNTIME_ROOT";

    @Option(names = {"-v", "--verbose"}, description = "Log debug detail to stderr (default: warnings only).")
    boolean verbose;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "How stderr reads: text (default) or json, one JSON object per line (time, vm, level, "
                    + "logger, event/state, message, exception) for journald and log shippers; default "
                    + "$JQEMU_LOG_FORMAT, else text.")
    String logFormat;

    @Option(names = "--state-root", paramLabel = "DIR",
            description = "Directory holding one state directory per VM; run and the management commands "
                    + "must agree on it (default: $JQEMU_STATE_ROOT, else /var/lib/jqemu for root, "
                    + "~/.local/state/jqemu otherwise).")
    Path stateRoot;

    @Option(names = "--runtime-root", paramLabel = "DIR",
            description = "Directory for the VMs' sockets (default: $JQEMU_RUNTIME_ROOT, else /run/jqemu for root, "
                    + "$XDG_RUNTIME_DIR/jqemu otherwise).")
    Path runtimeRoot;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Whether {@code -v} was given, here or before the subcommand. */
    public boolean verbose() {
        return verbose || outer().map(GlobalOptions::verbose).orElse(false);
    }

    /**
     * Where VMs keep state and sockets: the options (after the subcommand, else before it), else the
     * environment, else the launcher's defaults.
     */
    public HostLayout layout() {
        HostLayout defaults = HostLayout.defaults();
        return new HostLayout(choose(stateRoot(), STATE_ROOT_ENV).orElse(defaults.stateRoot()),
                choose(runtimeRoot(), RUNTIME_ROOT_ENV).orElse(defaults.runtimeRoot()));
    }

    private Path stateRoot() {
        return stateRoot != null ? stateRoot : outer().map(GlobalOptions::stateRoot).orElse(null);
    }

    private Path runtimeRoot() {
        return runtimeRoot != null ? runtimeRoot : outer().map(GlobalOptions::runtimeRoot).orElse(null);
    }

    /** The same options of the enclosing command ({@code jqemu} for {@code jqemu ls}), if it has them. */
    private Optional<GlobalOptions> outer() {
        for (CommandSpec c = mixee == null ? null : mixee.parent(); c != null; c = c.parent()) {
            for (CommandSpec mixin : c.mixins().values()) {
                if (mixin.userObject() instanceof GlobalOptions options) {
                    return Optional.of(options);
                }
            }
        }
        return Optional.empty();
    }

    /** A launcher builder for VMs under {@link #layout()}. */
    public Launcher.Builder launcherBuilder() {
        HostLayout layout = layout();
        return Launcher.builder().stateRoot(layout.stateRoot()).runtimeRoot(layout.runtimeRoot());
    }

    private static Optional<Path> choose(Path option, String environmentVariable) {
        if (option != null) {
            return Optional.of(option);
        }
        return Optional.ofNullable(System.getenv(environmentVariable)).filter(s -> !s.isBlank()).map(Path::of);
    }
}
