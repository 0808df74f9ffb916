package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code add-fd}: add a file descriptor (sent with SCM_RIGHTS in the same sendmsg) to an fd set, usable as
 * {@code /dev/fdset/N}. Needs a unix-socket connection.
 *
 * @param fd the descriptor; the caller keeps its own copy and closes it
 * @param fdsetId the fd set to add to, or empty to let QEMU create one
 * @param opaque a free-form note stored with the descriptor
 */
public record AddFd(int fd, Optional<Long> fdsetId, Optional<String> opaque) implements QmpCommand<FdsetFd> {
    @Override
    public String name() {
        return "add-fd";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode a = CommandJson.object();
        fdsetId.ifPresent(id -> a.put("fdset-id", id));
        opaque.ifPresent(o -> a.put("opaque", o));
        return Optional.of(a);
    }

    @Override
    public FdsetFd decode(JsonNode returned) {
        return new FdsetFd(CommandJson.number(returned, "fdset-id"), (int) CommandJson.number(returned, "fd"));
    }

    /**
     * Adds {@code fd} to a new fd set.
     *
     * @param fd the descriptor
     * @return the command
     */
    public static AddFd toNewSet(int fd) {
        return new AddFd(fd, Optional.empty(), Optional.empty());
    }

    @Override
    public OptionalInt fileDescriptor() {
        return OptionalInt.of(fd);
    }
}
