package io.jqemu.qmp.command;

/** {@code stop}: pause the guest's vCPUs (emits {@code STOP}). */
public record Stop() implements RunStateCommand {
    @Override
    public String name() {
        return "stop";
    }
}
