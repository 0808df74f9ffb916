package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code set-action}: choose what QEMU does on guest reboot, shutdown, panic and watchdog expiry.
 *
 * @param reboot {@code reset} or {@code shutdown}
 * @param shutdown {@code poweroff} or {@code pause}
 * @param panic {@code pause}, {@code shutdown}, {@code exit-failure} or {@code none}
 * @param watchdog e.g. {@code reset}, {@code shutdown}, {@code pause}, {@code none}
 */
public record SetAction(Optional<String> reboot, Optional<String> shutdown, Optional<String> panic, Optional<String> watchdog) implements VoidCommand {
    @Override
    public String name() {
        return "set-action";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode a = CommandJson.object();
        reboot.ifPresent(v -> a.put("reboot", v));
        shutdown.ifPresent(v -> a.put("shutdown", v));
        panic.ifPresent(v -> a.put("panic", v));
        watchdog.ifPresent(v -> a.put("watchdog", v));
        return Optional.of(a);
    }
}
