package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * A command that takes no arguments (the queries, stop, cont ...).
 *
 * @param <R> the reply type
 */
public interface ArgumentlessCommand<R> extends QmpCommand<R> {
    /** {@return nothing: the command takes no arguments} */
    @Override
    default Optional<ObjectNode> arguments() {
        return Optional.empty();
    }
}
