package io.jqemu.cli;

import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.host.HostLayout;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Options every command accepts: verbosity and the state root shared by run and the management commands. */
public final class GlobalOptions {

    /** System property the Logback setup reads; set from {@code -v} before any logger exists. */
    public static final String VERBOSE_PROPERTY = "jqemu.verbose";

    /** Environment variable naming the state root when {@code --state-root} is absent. */
    public static final String STATE_ROOT_ENV = "JQEMU_STATE_ROOT";

    /** Environment variable naming the runtime root when {@code --runtime-root} is absent. */
    public static final String RUNTIME_ROOT_ENV = "JQEMU_RUNTIME_ROOT";

    @Option(names = {"-v", "--verbose"}, description = "Log debug detail to stderr (default: warnings only).")
    boolean verbose;

    @Option(names = "--state-root", paramLabel = "DIR",
            description = "Directory holding one state directory per VM; run and the management commands "
                    + "must agree on it (default: $JQEMU_STATE_ROOT, else /var/lib/jqemu for root, "
                    + "~/.local/state/jqemu otherwise).")
    Path stateRoot;

    @Option(names = "--runtime-root", paramLabel = "DIR",
            description = "Directory for the VMs' sockets (default: $JQEMU_RUNTIME_ROOT, else /run/jqemu for root, "
                    + "$XDG_RUNTIME_DIR/jqemu otherwise).")
    Path runtimeRoot;

    /** Whether {@code -v} was given. */
    public boolean verbose() {
        return verbose;
    }

    /** Where VMs keep state and sockets: the options, else the environment, else the launcher's defaults. */
    public HostLayout layout() {
        HostLayout defaults = HostLayout.defaults();
        return new HostLayout(choose(stateRoot, STATE_ROOT_ENV).orElse(defaults.stateRoot()),
                choose(runtimeRoot, RUNTIME_ROOT_ENV).orElse(defaults.runtimeRoot()));
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
