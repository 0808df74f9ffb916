package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The argument-less commands that change the VM's run state: stop, cont, quit, powerdown, reset. */
public sealed interface RunStateCommand extends VoidCommand permits Stop, Cont, Quit, SystemPowerdown, SystemReset {
    /** @return empty: these commands take no arguments */
    @Override
    default Optional<ObjectNode> arguments() {
        return Optional.empty();
    }
}
