package io.jqemu.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.JqemuException;

/** The JSON form of {@code -blockdev}, {@code -device}, {@code -netdev} and {@code -object}, identical to their QMP arguments. */
final class QemuJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private QemuJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** One compact JSON argument; starts with '{' so QEMU parses it as JSON. */
    static String arg(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new JqemuException("cannot serialise " + node.getClass().getSimpleName(), e);
        }
    }
}
