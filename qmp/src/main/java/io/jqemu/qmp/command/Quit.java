package io.jqemu.qmp.command;

/** {@code quit}: terminate QEMU; the connection's EOF afterwards counts as success. */
public record Quit() implements RunStateCommand {
    @Override
    public String name() {
        return "quit";
    }
}
