package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code object-add}: create a QOM object, e.g. an entropy source for a virtio-rng device.
 *
 * @param qomType the object type, e.g. {@code rng-random}
 * @param id the object id (used again by {@code object-del})
 * @param properties the type's other properties, e.g. {@code filename}
 */
public record ObjectAdd(String qomType, String id, ObjectNode properties) implements VoidCommand {
    @Override
    public String name() {
        return "object-add";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.merge(properties, CommandJson.object().put("qom-type", qomType).put("id", id)));
    }
}
