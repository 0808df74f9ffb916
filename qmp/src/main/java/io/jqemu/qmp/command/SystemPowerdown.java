package io.jqemu.qmp.command;

/** {@code system_powerdown}: press the ACPI power button (the guest decides; emits {@code POWERDOWN}, later {@code SHUTDOWN}). */
public record SystemPowerdown() implements RunStateCommand {
    @Override
    public String name() {
        return "system_powerdown";
    }
}
