package io.jqemu.cli.config;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.RtcBase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Any valid machine the builder makes is written as vm.toml that reads back into an equal machine. */
class VmTomlWriterPropertyTest {

    @Property(tries = 300)
    void writtenMachinesReadBackEqual(@ForAll("machines") Machine machine) {
        net.jqwik.api.statistics.Statistics.label("devices").collect(Math.min(machine.devices().size(), 10));
        String written = VmTomlWriter.write(machine);

        assertThat(VmToml.parse("written.toml", written, Variables.of(Map.of()))).as(written).isEqualTo(machine);
    }

    @Provide
    Arbitrary<Machine> machines() {
        Arbitrary<MachineBuilder> scalars = Combinators.combine(
                Arbitraries.strings().withChars("abcxyz019.-_").ofMinLength(1).ofMaxLength(20).map(s -> "v" + s),
                Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong())),
                Arbitraries.of("q35", "pc-q35-7.2"), Arbitraries.of(Accelerator.class), MachineArbitraries.cpus(),
                Arbitraries.longs().between(1, 1 << 20), MachineArbitraries.firmwares(), Arbitraries.of(RtcBase.class))
                .as((name, uuid, type, accel, cpu, mem, fw, rtc) -> Machine.builder().name(name).uuid(uuid)
                        .machineType(type).accelerator(accel).cpu(cpu).memoryMib(mem).firmware(fw).rtcBase(rtc));
        return Combinators.combine(scalars, Arbitraries.of(false, true), Arbitraries.of(false, true),
                        Arbitraries.of(false, true), Arbitraries.integers().between(0, 8), MachineArbitraries.kernels(),
                        MachineArbitraries.devices(), MachineArbitraries.displays())
                .as((m, noShutdown, menu, sandbox, spare, kernel, devices, display) -> {
                    var b = m.noShutdown(noShutdown).boot(menu, !menu).sandbox(sandbox).spareRootPorts(spare)
                            .devices(devices).display(display);
                    kernel.ifPresent(b::directKernelBoot);
                    return b;
                })
                .flatMap(b -> MachineArbitraries.texts().list().ofMaxSize(3).map(extra -> b.unsafeExtraArgs(extra)))
                .flatMap(b -> Combinators.combine(MachineArbitraries.memoryBackings(), Arbitraries.of(false, true),
                                Arbitraries.integers().between(1, 8))
                        .as((backing, lock, pages) -> {
                            if (backing instanceof MemoryBacking.HugePages huge) {
                                b.memoryMib((huge.pageSizeBytes() >> 20) * pages * 8);
                            }
                            return b.memoryBacking(backing).lockMemory(lock);
                        }))
                .map(b -> {
                    try {
                        return b.build();
                    } catch (io.jqemu.core.InvalidMachineException e) {
                        return null;
                    }
                })
                .filter(java.util.Objects::nonNull);
    }

}
