package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code blockdev-open-tray}: open a removable-media drive's tray. When the guest has locked it and
 * {@code force} is false, QEMU only asks the guest to open it and the tray may stay closed; the
 * {@code DEVICE_TRAY_MOVED} event tells when it really opened.
 *
 * @param id    the drive's device id
 * @param force open it even when the guest has locked it
 */
public record BlockdevOpenTray(String id, boolean force) implements VoidCommand {
    @Override
    public String name() {
        return "blockdev-open-tray";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id).put("force", force));
    }
}
