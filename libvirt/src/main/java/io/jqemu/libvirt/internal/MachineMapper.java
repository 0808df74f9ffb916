package io.jqemu.libvirt.internal;

import io.jqemu.core.model.MachineBuilder;

/** Maps the domain's scalars: name, UUID, memory. */
final class MachineMapper {
    private final TrackedElement domain;
    private final MachineBuilder builder;
    private final String type;

    MachineMapper(TrackedElement domain, MachineBuilder builder, String type) {
        this.domain = domain;
        this.builder = builder;
        this.type = type;
    }

    void map() {
        domain.child("name").flatMap(TrackedElement::text).ifPresent(builder::name);
        domain.child("uuid").flatMap(TrackedElement::text).ifPresent(builder::uuid);
        domain.child("memory").ifPresent(m -> builder.memoryMib(Units.mib(m)));
    }
}
