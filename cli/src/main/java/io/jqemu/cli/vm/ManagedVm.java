package io.jqemu.cli.vm;

import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.config.VmToml;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.launcher.vm.LiveProcesses;
import io.jqemu.launcher.vm.VmLock;
import io.jqemu.launcher.vm.VmRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A VM under the state root, as the CLI sees it: the launcher's record of the QEMU process, plus
 * what {@code jqemu run} adds to the state directory (the vm.toml it was started from, so that a
 * later command can re-attach with hotplug) and the control socket in the runtime directory.
 *
 * @param name     the VM name
 * @param stateDir its state directory
 * @param record   the launcher's record, present while QEMU runs
 */
public record ManagedVm(String name, Path stateDir, Optional<VmRecord> record) {

    /** The file in the state directory naming the vm.toml the VM was started from. */
    public static final String SOURCE_FILE = "jqemu-cli.source";

    /** The VM {@code name} under {@code layout}; fails (exit 1) when there is no such running VM. */
    public static ManagedVm find(HostLayout layout, String name) {
        Path stateDir = layout.stateRoot().resolve(name);
        Optional<VmRecord> record = Files.isDirectory(stateDir) ? VmRecord.readFrom(stateDir) : Optional.empty();
        if (record.isEmpty()) {
            throw new CommandFailedException(ExitCode.FAILED, "no running VM named '" + name + "' under "
                    + layout.stateRoot() + " (jqemu ls lists them; --state-root must match the one run used)");
        }
        return new ManagedVm(name, stateDir, record);
    }

    /**
     * Every VM directory under {@code layout}'s state root, sorted by name. The state directories of
     * hot-plugged devices ({@code <vm>.<id>} beside their VM's, with neither a controller lock nor a
     * VM record) are not VMs and are left out.
     */
    public static List<ManagedVm> list(HostLayout layout) {
        List<ManagedVm> vms = new ArrayList<>();
        if (!Files.isDirectory(layout.stateRoot())) {
            return vms;
        }
        try (Stream<Path> dirs = Files.list(layout.stateRoot())) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Optional<VmRecord> record = VmRecord.readFrom(dir);
                if (record.isEmpty() && isDeviceStateDir(dir)) {
                    continue;
                }
                vms.add(new ManagedVm(dir.getFileName().toString(), dir, record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.stateRoot(), e);
        }
        return vms;
    }

    /** Whether {@code dir} is a hot-plugged device's state directory: {@code <vm>.<id>} beside a VM's, no lock. */
    private static boolean isDeviceStateDir(Path dir) {
        if (Files.exists(dir.resolve(VmLock.FILE_NAME))) {
            return false;
        }
        String name = dir.getFileName().toString();
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            if (Files.isDirectory(dir.resolveSibling(name.substring(0, dot)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether QEMU is still alive (its recorded pid runs; an exited QEMU init has not reaped yet does not). */
    public boolean qemuAlive() {
        return record.map(r -> LiveProcesses.running(r.pid())).orElse(false);
    }

    /**
     * The control socket of the {@code jqemu run} that owns this VM (it may be gone).
     *
     * @throws HostException when the VM's state or runtime directory is a symbolic link, another
     *                       user's, or in a root others can write to
     */
    public Path controlSocket() {
        return VmPaths.load(stateDir).socket("control");
    }

    /**
     * Whether a {@code jqemu run} answers on this VM's control socket (never one in a directory that
     * fails the ownership checks of {@link HostLayout}).
     */
    public boolean runAttached() {
        Path socket;
        try {
            socket = controlSocket();
        } catch (HostException e) {
            return false;
        }
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Records the vm.toml {@code run} started this VM from. */
    public static void rememberSource(Path stateDir, Path vmToml) {
        try {
            Files.writeString(stateDir.resolve(SOURCE_FILE), vmToml.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(SOURCE_FILE), e);
        }
    }

    /** The machine this VM was started from, read again from its vm.toml, when that still parses. */
    public Optional<Machine> machine() {
        Path source = stateDir.resolve(SOURCE_FILE);
        try {
            if (!Files.exists(source)) {
                return Optional.empty();
            }
            return Optional.of(VmToml.read(Path.of(Files.readString(source, StandardCharsets.UTF_8).strip())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
