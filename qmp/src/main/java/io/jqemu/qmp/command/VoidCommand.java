package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.QmpCommand;

/** A command whose successful reply carries nothing ({@code {"return": {}}}). */
public interface VoidCommand extends QmpCommand<Void> {
    /**
     * @param returned the empty {@code return} object
     * @return null
     */
    @Override
    default Void decode(JsonNode returned) {
        return null;
    }
}
