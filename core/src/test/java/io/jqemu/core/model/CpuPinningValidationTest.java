package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Host CPU sets in the kernel's list format, and pinning validated with field paths. */
class CpuPinningValidationTest {
    private static MachineBuilder twoVcpus() {
        return Machine.builder().name("pin").cpu("max", 1, 2, 1).iothread("io0");
    }

    private static List<Violation> violations(MachineBuilder b) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        return e.violations();
    }

    @Test
    void cpuSetsParseTheKernelListFormat() {
        assertThat(HostCpuSet.parse("0-3,8,10-11").cpus()).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(HostCpuSet.parse(" 3, 1 ,2").toString()).isEqualTo("1-3");
        assertThat(HostCpuSet.parse("5").toString()).isEqualTo("5");
        assertThat(HostCpuSet.parse("0-1,3,5-6").toString()).isEqualTo("0-1,3,5-6");
        assertThat(HostCpuSet.parse("1").within(HostCpuSet.parse("0-1"))).isTrue();
        assertThat(HostCpuSet.parse("1-2").within(HostCpuSet.parse("0-1"))).isFalse();
        for (String bad : List.of("", " ", "a", "1-", "-1", "3-1", "1,,2", "1-2-3", "8192", "0x1", "+1")) {
            assertThat(HostCpuSet.problem(bad)).as(bad).isPresent();
            assertThatThrownBy(() -> HostCpuSet.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a host CPU set");
        }
    }

    @Test
    void aValidPinningBuilds() {
        CpuPinning pinning = new CpuPinning(List.of("0", "1"), Optional.of("0-1"), Map.of("io0", "1"));

        assertThat(twoVcpus().cpuPinning(pinning).build().cpuPinning()).isEqualTo(pinning);
        assertThat(CpuPinning.allVcpus(2, "1").withEmulator("0").withIothread("io0", "0"))
                .isEqualTo(new CpuPinning(List.of("1", "1"), Optional.of("0"), Map.of("io0", "0")));
        assertThat(CpuPinning.NONE.isEmpty()).isTrue();
    }

    @Test
    void oneSetPerVcpu() {
        List<Violation> v = violations(twoVcpus().cpuPinning(CpuPinning.allVcpus(3, "0")));

        assertThat(v).extracting(Violation::path).containsExactly("cpu.pinning.vcpus");
        assertThat(v.get(0).message()).isEqualTo("3 CPU sets for 2 vCPUs: give one set per vCPU");
    }

    @Test
    void badSetsAndUnknownIothreadsNameTheirField() {
        List<Violation> v = violations(twoVcpus().cpuPinning(
                new CpuPinning(List.of("0", "one"), Optional.of("1-0"), Map.of("io9", "0", "io0", "x"))));

        assertThat(v).extracting(Violation::path).containsExactly("cpu.pinning.vcpus[1]", "cpu.pinning.emulator",
                "cpu.pinning.iothreads.io0", "cpu.pinning.iothreads.io9");
        assertThat(v.get(0).message()).startsWith("'one' is not a host CPU set");
        assertThat(v.get(3).message()).isEqualTo("'io9' is not a declared iothread (iothreads: io0)");
    }
}
