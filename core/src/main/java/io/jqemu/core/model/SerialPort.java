package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import java.util.Optional;

import java.util.Objects;

/** An {@code isa-serial} port (COM1 first) and its host side; the n-th has id {@code serial<n>}. */
public record SerialPort(CharBackend backend) implements Device {
    /** The most ports of this kind the ISA bus has. */
    public static final int MAX = 4;

    @Override
    public String field() {
        return "serials";
    }

    @Override
    public String idPrefix() {
        return "serial";
    }

    @Override
    public Optional<String> tooMany(int count) {
        return count > MAX ? Optional.of(count + " serial ports; the ISA bus has 4 (COM1 to COM4)") : Optional.empty();
    }

    @Override
    public void validate(DeviceCheck check) {
        check.charBackend(check.field("backend"), backend);
    }

    @Override
    public void render(DeviceRendering out) {
        String chardev = out.portChardev("serial", backend);
        out.device("isa-serial", out.json().put("chardev", chardev));
    }

    /** Checks the backend is present. */
    public SerialPort {
        Objects.requireNonNull(backend, "backend");
    }
}
