package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code getfd}: hand QEMU a file descriptor (sent with SCM_RIGHTS in the same sendmsg) under a name, e.g.
 * for {@code netdev_add} {@code fd=name}. Needs a unix-socket connection.
 *
 * @param fdName the name QEMU will know the descriptor by
 * @param fd the descriptor; the caller keeps its own copy and closes it
 */
public record GetFd(String fdName, int fd) implements VoidCommand {
    @Override
    public String name() {
        return "getfd";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("fdname", fdName));
    }

    @Override
    public OptionalInt fileDescriptor() {
        return OptionalInt.of(fd);
    }
}
