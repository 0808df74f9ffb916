package io.jqemu.qmp.command;

import java.util.List;
import java.util.Optional;

/**
 * One CPU model from {@code query-cpu-definitions}.
 *
 * @param name                the model name, e.g. {@code Skylake-Client}
 * @param unavailableFeatures the model's features the current accelerator and host cannot give; a model
 *                            with any cannot be started as it is
 * @param deprecated          whether QEMU marks the model deprecated
 * @param aliasOf             the versioned model this name stands for, when it is an alias
 */
public record CpuDefinition(String name, List<String> unavailableFeatures, boolean deprecated, Optional<String> aliasOf) {
}
