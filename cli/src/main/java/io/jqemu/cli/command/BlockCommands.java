package io.jqemu.cli.command;

import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.launcher.image.QemuImg;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the snapshot, backup and restore commands share: a VM's state directory and qemu-img. */
final class BlockCommands {
    private BlockCommands() {
    }

    /** The state directory of VM {@code name}, running or not; fails (exit 1) when there is none. */
    static Path stateDir(GlobalOptions global, String name) {
        Path dir = global.layout().stateRoot().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new CommandFailedException(ExitCode.FAILED, "no VM named '" + name + "' under "
                    + global.layout().stateRoot() + " (--state-root must match the one run used)");
        }
        return dir;
    }

    /** The {@code qemu-img} beside the {@code qemu-system-x86_64} on {@code PATH}, else the one on {@code PATH}. */
    static QemuImg qemuImg() {
        return QemuImg.besideQemu("qemu-system-x86_64");
    }
}
