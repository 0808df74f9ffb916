package io.jqemu.qmp.command;

/** {@code system_reset}: hard-reset the machine (emits {@code RESET}). */
public record SystemReset() implements RunStateCommand {
    @Override
    public String name() {
        return "system_reset";
    }
}
