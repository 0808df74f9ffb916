package io.jqemu.qmp.command;

/** {@code cont}: resume the guest's vCPUs (emits {@code RESUME}). */
public record Cont() implements RunStateCommand {
    @Override
    public String name() {
        return "cont";
    }
}
