package io.jqemu.cli.systemd;

import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.config.VmToml;
import io.jqemu.core.model.Machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Enables and disables a VM's service {@code jqemu@NAME.service}: on a host whose init is systemd
 * ({@code /run/systemd/system} exists) through {@code systemctl daemon-reload} and
 * {@code systemctl enable}; in a system image under a root directory through
 * {@code systemctl --root=DIR enable}, which works offline. The template is written to
 * {@code etc/systemd/system} when neither the package nor an earlier enable put one in place.
 * Everything is checked before anything changes; a template written for an enable that then
 * failed is removed again.
 */
public final class UnitInstaller {

    /** The directories systemd reads system units from, under the root, in its order of precedence. */
    private static final List<String> UNIT_DIRS = List.of("etc/systemd/system", "usr/lib/systemd/system",
            "lib/systemd/system");

    private final Path root;
    private final boolean offline;
    private final Systemctl systemctl;
    private final ServiceUnit unit;

    private UnitInstaller(Path root, boolean offline, Systemctl systemctl, ServiceUnit unit) {
        this.root = root;
        this.offline = offline;
        this.systemctl = systemctl;
        this.unit = unit;
    }

    /**
     * An installer for the running host whose file system starts at {@code hostRoot} ({@code /}
     * but in tests): it needs systemd as the init system, {@code hostRoot/run/systemd/system}.
     */
    public static UnitInstaller live(Path hostRoot, Systemctl systemctl, ServiceUnit unit) {
        return new UnitInstaller(hostRoot, false, systemctl, unit);
    }

    /** An installer for the system image under {@code imageRoot}, with {@code systemctl --root}. */
    public static UnitInstaller offline(Path imageRoot, Systemctl systemctl, ServiceUnit unit) {
        return new UnitInstaller(imageRoot.toAbsolutePath().normalize(), true, systemctl, unit);
    }

    /**
     * Enables VM {@code name}'s service so that it starts at boot, and with {@code now} starts it.
     *
     * @return what was done, one line each
     * @throws CommandFailedException when systemd is not the init system (the message says what to
     *     do instead), when the VM's vm.toml is missing or names another VM, or when systemctl fails
     * @throws io.jqemu.cli.config.InvalidConfigException when the VM's vm.toml is invalid
     */
    public List<String> enable(String name, boolean now) {
        requireSystemd(name, now);
        checkConfig(name);
        List<String> done = new ArrayList<>();
        Optional<Path> written = installTemplate();
        written.ifPresent(t -> done.add("wrote " + t));
        try {
            if (offline) {
                systemctl.run(List.of("--root=" + root, "enable", ServiceUnit.instance(name)));
            } else {
                systemctl.run(List.of("daemon-reload"));
                systemctl.run(now ? List.of("enable", "--now", ServiceUnit.instance(name))
                        : List.of("enable", ServiceUnit.instance(name)));
            }
        } catch (RuntimeException e) {
            written.ifPresent(UnitInstaller::deleteQuietly);
            throw e;
        }
        done.add("enabled " + ServiceUnit.instance(name) + (now ? " and started it" : "") + ": it starts at boot");
        return done;
    }

    /**
     * Disables VM {@code name}'s service, and with {@code now} stops the VM (gracefully: systemd's
     * SIGTERM makes {@code jqemu run} walk the shutdown ladder). The template stays for other VMs.
     *
     * @return what was done, one line each
     * @throws CommandFailedException when systemd is not the init system or systemctl fails
     */
    public List<String> disable(String name, boolean now) {
        requireSystemd(name, now);
        if (offline) {
            systemctl.run(List.of("--root=" + root, "disable", ServiceUnit.instance(name)));
        } else {
            systemctl.run(now ? List.of("disable", "--now", ServiceUnit.instance(name))
                    : List.of("disable", ServiceUnit.instance(name)));
        }
        return List.of("disabled " + ServiceUnit.instance(name) + (now ? " and stopped it" : "")
                + ": it no longer starts at boot");
    }

    /** What to do on a host whose init is not systemd: the sentence {@code enable} and {@code disable} fail with. */
    public String notSystemdMessage(String name) {
        return "systemd is not the init system here (/run/systemd/system does not exist): nothing was installed. "
                + "Have your init system or supervisor run '" + unit.jqemu() + " run "
                + ServiceUnit.configOf(name) + "' in the foreground, stop it with SIGTERM and allow it "
                + ServiceUnit.stopTimeout().toSeconds() + " s before SIGKILL; restart it on exit codes "
                + codes(RestartRule.RESTARTED) + ", not on " + codes(RestartRule.STAYS_OFF) + " or "
                + codes(RestartRule.NEVER_RESTARTED) + " (jqemu unit prints the systemd unit; docs/fleet.md has "
                + "Nomad and Kubernetes). To prepare a system image instead, give --root DIR.";
    }

    private void requireSystemd(String name, boolean now) {
        if (offline) {
            if (now) {
                throw new CommandFailedException(ExitCode.USAGE, "--now: cannot start a VM in the image under "
                        + root + " (--root); enable it there and it starts when that system boots");
            }
            if (!Files.isDirectory(root)) {
                throw new CommandFailedException(ExitCode.FAILED, "--root: " + root + " is not a directory");
            }
            return;
        }
        if (!Files.isDirectory(root.resolve("run/systemd/system"))) {
            throw new CommandFailedException(ExitCode.FAILED, notSystemdMessage(name));
        }
    }

    private void checkConfig(String name) {
        Path config = root.resolve(ServiceUnit.configOf(name).toString().substring(1));
        if (!Files.isRegularFile(config)) {
            throw new CommandFailedException(ExitCode.FAILED, config + ": no such vm.toml; " + ServiceUnit.instance(name)
                    + " runs " + ServiceUnit.configOf(name) + ": put the VM's vm.toml there first");
        }
        Machine machine = VmToml.read(config);
        if (!machine.name().equals(name)) {
            throw new CommandFailedException(ExitCode.INVALID_CONFIG, config + ": name: the VM is named '"
                    + machine.name() + "', not '" + name + "'; the file must be named after the VM ("
                    + ServiceUnit.configOf(machine.name()) + ") so that systemctl and jqemu stop name the same VM");
        }
    }

    /** Writes the template to etc/systemd/system unless one is in a unit directory already; returns the file written. */
    private Optional<Path> installTemplate() {
        for (String dir : UNIT_DIRS) {
            if (Files.exists(root.resolve(dir).resolve(ServiceUnit.TEMPLATE))) {
                return Optional.empty();
            }
        }
        Path target = root.resolve(UNIT_DIRS.get(0)).resolve(ServiceUnit.TEMPLATE);
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, unit.template(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            return Optional.of(target);
        } catch (IOException e) {
            deleteQuietly(target);
            throw new CommandFailedException(ExitCode.FAILED, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to undo: the error that brought us here is reported
        }
    }

    private static String codes(RestartRule rule) {
        return String.join(", ", rule.exitCodes().stream().map(String::valueOf).toList());
    }
}
