package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import java.util.Optional;

import java.util.Objects;

/** An {@code isa-parallel} port (LPT1 first) and its host side; the n-th has id {@code parallel<n>}. */
public record ParallelPort(CharBackend backend) implements Device {
    /** The most ports of this kind the ISA bus has. */
    public static final int MAX = 3;

    @Override
    public String field() {
        return "parallels";
    }

    @Override
    public String idPrefix() {
        return "parallel";
    }

    @Override
    public Optional<String> tooMany(int count) {
        return count > MAX ? Optional.of(count + " parallel ports; the ISA bus has 3 (LPT1 to LPT3)") : Optional.empty();
    }

    @Override
    public void validate(DeviceCheck check) {
        check.charBackend(check.field("backend"), backend);
    }

    @Override
    public void render(DeviceRendering out) {
        String chardev = out.portChardev("parallel", backend);
        out.device("isa-parallel", out.json().put("chardev", chardev));
    }

    /** Checks the backend is present. */
    public ParallelPort {
        Objects.requireNonNull(backend, "backend");
    }
}
