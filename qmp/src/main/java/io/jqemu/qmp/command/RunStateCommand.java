package io.jqemu.qmp.command;

/** The argument-less commands that change the VM's run state: stop, cont, quit, powerdown, reset. */
public sealed interface RunStateCommand extends VoidCommand, ArgumentlessCommand<Void>
        permits Stop, Cont, Quit, SystemPowerdown, SystemReset {
}
