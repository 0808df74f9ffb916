package io.jqemu.qmp;

import java.util.Set;

/**
 * Which default timeout a command gets: queries answer fast; adding and removing devices, block
 * nodes and netdevs, stopping, continuing and quitting can take tens of seconds.
 */
public enum QmpTimeoutClass {
    /** Fast commands: queries, qom-get, getfd ... (default 10 s). */
    QUICK,
    /** Slow commands: device/blockdev/netdev add and del, stop, cont, quit (default 60 s). */
    SLOW;

    private static final Set<String> SLOW_COMMANDS = Set.of(
            "device_add", "device_del", "blockdev-add", "blockdev-del", "netdev_add", "netdev_del",
            "stop", "cont", "quit", "system_powerdown", "system_reset", "object-add", "object-del",
            "blockdev-create", "blockdev-reopen", "migrate", "savevm", "loadvm",
            "transaction", "blockdev-snapshot", "block-dirty-bitmap-remove");

    /**
     * The class of a command by name, for raw {@link QmpClient#execute} calls.
     *
     * @param command the QMP command name
     * @return {@link #SLOW} for known slow commands, else {@link #QUICK}
     */
    public static QmpTimeoutClass of(String command) {
        return SLOW_COMMANDS.contains(command) ? SLOW : QUICK;
    }
}
