package io.jqemu.qmp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.QmpEvent;
import io.jqemu.qmp.QmpGreeting;
import java.util.Optional;

/** One decoded message from a QMP or guest-agent peer. */
sealed interface QmpMessage {
    /** The greeting. */
    record Greeting(QmpGreeting greeting) implements QmpMessage {
    }

    /** A successful reply. */
    record Return(Optional<JsonNode> id, JsonNode value) implements QmpMessage {
    }

    /** An error reply. */
    record Error(Optional<JsonNode> id, String errorClass, String description) implements QmpMessage {
    }

    /** An asynchronous event. */
    record Event(QmpEvent event) implements QmpMessage {
    }
}
