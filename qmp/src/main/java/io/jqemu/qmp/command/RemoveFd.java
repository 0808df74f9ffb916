package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code remove-fd}: remove one descriptor, or a whole fd set, from QEMU.
 *
 * @param fdsetId the fd set
 * @param fd the descriptor number inside QEMU (from {@link FdsetFd#fd()}), or empty for the whole set
 */
public record RemoveFd(long fdsetId, Optional<Integer> fd) implements VoidCommand {
    @Override
    public String name() {
        return "remove-fd";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode a = CommandJson.object().put("fdset-id", fdsetId);
        fd.ifPresent(f -> a.put("fd", f));
        return Optional.of(a);
    }
}
