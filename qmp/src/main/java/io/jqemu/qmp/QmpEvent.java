package io.jqemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * An asynchronous event sent by QEMU.
 *
 * @param name the event name, e.g. {@code STOP} or {@code DEVICE_DELETED}
 * @param data the event's {@code data} member (empty object when QEMU sent none)
 * @param timestamp QEMU's timestamp for the event
 */
public record QmpEvent(String name, ObjectNode data, Instant timestamp) {
    /**
     * A text member of {@link #data()}.
     *
     * @param field the member name
     * @return the member's text, or empty when absent or not text
     */
    public Optional<String> text(String field) {
        JsonNode v = data.get(field);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }
}
