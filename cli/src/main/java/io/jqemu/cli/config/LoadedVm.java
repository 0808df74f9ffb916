package io.jqemu.cli.config;

import io.jqemu.core.model.Machine;

import java.util.Objects;

/**
 * A vm.toml read into a machine, with the positions of its fields for later messages.
 *
 * @param machine   the validated machine
 * @param positions where each field is written
 */
public record LoadedVm(Machine machine, SourcePositions positions) {

    public LoadedVm {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(positions, "positions");
    }
}
