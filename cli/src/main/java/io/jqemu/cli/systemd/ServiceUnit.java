package io.jqemu.cli.systemd;

import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.ShutdownTimeouts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The systemd unit that runs VMs as services: the template {@code jqemu@.service}, whose instance
 * {@code jqemu@NAME.service} runs {@code jqemu run /etc/jqemu/NAME.toml}. One source for
 * {@code jqemu unit}, {@code jqemu enable} and the Debian package's unit: its stop timeout comes
 * from the shutdown ladder, its restart rules from {@link RestartRule}.
 *
 * @param jqemu the jqemu executable {@code ExecStart=} runs
 */
public record ServiceUnit(Path jqemu) {

    /** The template's file name. */
    public static final String TEMPLATE = "jqemu@.service";

    /** Where the VMs' vm.toml files live: {@code /etc/jqemu/NAME.toml}. */
    public static final Path CONFIG_DIR = Path.of("/etc/jqemu");

    /** What the Debian package installs as {@code jqemu}. */
    public static final Path PACKAGED_JQEMU = Path.of("/usr/bin/jqemu");

    /** Time allowed on top of the ladder for undoing the host (taps, vfio bindings) and the JVM's exit. */
    public static final Duration HOST_UNDO = Duration.ofSeconds(20);

    /** How long systemd waits after a failure before it starts the VM again. */
    public static final Duration RESTART_DELAY = Duration.ofSeconds(10);

    /** Checks the executable is an absolute path (systemd requires one). */
    public ServiceUnit {
        if (!jqemu.isAbsolute()) {
            throw new IllegalArgumentException("the jqemu executable must be an absolute path, got " + jqemu);
        }
    }

    /** The unit name of VM {@code name}'s instance: {@code jqemu@NAME.service}. */
    public static String instance(String name) {
        return "jqemu@" + name + ".service";
    }

    /** The vm.toml the instance of VM {@code name} runs. */
    public static Path configOf(String name) {
        return CONFIG_DIR.resolve(name + ".toml");
    }

    /**
     * How long a stop may take before systemd sends SIGKILL ({@code TimeoutStopSec=}): the longest
     * graceful shutdown of jqemu's ladder with its default timeouts, plus {@link #HOST_UNDO}, in
     * whole seconds rounded up.
     */
    public static Duration stopTimeout() {
        Duration total = ladder().plus(HOST_UNDO);
        long seconds = total.toSeconds() + (total.toNanosPart() > 0 ? 1 : 0);
        return Duration.ofSeconds(seconds);
    }

    /** The longest graceful shutdown of the ladder {@code jqemu run} uses. */
    public static Duration ladder() {
        return RunningVm.longestShutdown(ShutdownTimeouts.defaults());
    }

    /** The template {@code jqemu@.service}. */
    public String template() {
        return """
                # jqemu@.service: runs the VM that /etc/jqemu/NAME.toml describes as the service jqemu@NAME.
                # Written by `jqemu unit`; `jqemu enable NAME` (or systemctl enable jqemu@NAME) starts it at boot.
                [Unit]
                Description=jqemu virtual machine %i
                Documentation=man:jqemu(1)
                Wants=network-online.target
                After=network-online.target
                StartLimitIntervalSec=600
                StartLimitBurst=5

                [Service]
                # READY=1 once the guest runs; STATUS= on every state change; STOPPING=1 when the shutdown starts
                Type=notify
                NotifyAccess=main
                ExecStart=@JQEMU@ run /etc/jqemu/%i.toml
                # SIGTERM reaches jqemu only (QEMU runs in its own process group), which presses the power
                # button and walks the shutdown ladder; SIGKILL after TimeoutStopSec reaches every process.
                KillMode=mixed
                KillSignal=SIGTERM
                # the shutdown ladder's longest graceful run (@LADDER@ s) plus undoing the host (@UNDO@ s)
                TimeoutStopSec=@STOP@
                # exit codes: @OK@ the guest powered off (stays off); @NEVER@ invalid command line or vm.toml
                # (never restarted); @RESTARTED@ failed, could not start, crashed, stopped by force or killed
                # from outside (restarted). `systemctl stop` is never followed by a restart.
                Restart=on-failure
                RestartSec=@RESTART_SEC@
                RestartPreventExitStatus=@NEVER@

                [Install]
                WantedBy=multi-user.target
                """
                .replace("@JQEMU@", jqemu.toString())
                .replace("@LADDER@", Long.toString(ladder().toSeconds()))
                .replace("@UNDO@", Long.toString(HOST_UNDO.toSeconds()))
                .replace("@STOP@", Long.toString(stopTimeout().toSeconds()))
                .replace("@RESTART_SEC@", Long.toString(RESTART_DELAY.toSeconds()))
                .replace("@OK@", codes(RestartRule.STAYS_OFF.exitCodes()))
                .replace("@NEVER@", codes(RestartRule.NEVER_RESTARTED.exitCodes()))
                .replace("@RESTARTED@", codes(RestartRule.RESTARTED.exitCodes()));
    }

    /**
     * The unit of VM {@code name} alone: the template with the instance name filled in, for hosts
     * that want one plain unit per VM ({@code /etc/systemd/system/jqemu-NAME.service}).
     */
    public String forVm(String name) {
        return "# " + instance(name) + ": the VM " + name + " (" + configOf(name) + ")\n"
                + template().replace("%i", name);
    }

    private static String codes(List<Integer> codes) {
        return codes.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
