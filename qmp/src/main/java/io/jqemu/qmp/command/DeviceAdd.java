package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code device_add}: hot-plug a device.
 *
 * @param driver the device type, e.g. {@code scsi-hd}
 * @param id the device id (used again by {@code device_del})
 * @param properties the driver's other properties, e.g. {@code bus}, {@code drive}
 */
public record DeviceAdd(String driver, String id, ObjectNode properties) implements VoidCommand {
    @Override
    public String name() {
        return "device_add";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.merge(properties, CommandJson.object().put("driver", driver).put("id", id)));
    }

    /**
     * A device without extra properties.
     *
     * @param driver the device type
     * @param id the device id
     * @return the command
     */
    public static DeviceAdd of(String driver, String id) {
        return new DeviceAdd(driver, id, CommandJson.object());
    }
}
