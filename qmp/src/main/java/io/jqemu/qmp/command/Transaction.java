package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.List;
import java.util.Optional;

/**
 * {@code transaction}: run actions atomically: all of them take effect, or none. Each action is a
 * command that QEMU also accepts as a transaction action ({@link BlockDirtyBitmapAdd},
 * {@link BlockdevBackup}, {@link BlockdevSnapshot} ...); its type is the command's name and its
 * data the command's arguments.
 *
 * @param actions the actions, in order
 */
public record Transaction(List<VoidCommand> actions) implements VoidCommand {
    /** Copies the list. */
    public Transaction {
        actions = List.copyOf(actions);
    }

    @Override
    public String name() {
        return "transaction";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode args = CommandJson.object();
        ArrayNode list = args.putArray("actions");
        for (QmpCommand<?> action : actions) {
            ObjectNode entry = list.addObject().put("type", action.name());
            entry.set("data", action.arguments().orElseGet(CommandJson::object));
        }
        return Optional.of(args);
    }
}
