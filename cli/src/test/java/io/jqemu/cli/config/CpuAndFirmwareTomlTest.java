package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.model.Machine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code [cpu] flags / hyperv} and {@code [firmware] secure_boot}: read, written back, and bad values named by key. */
class CpuAndFirmwareTomlTest {

    private static Machine parse(String text) {
        return VmToml.parse("vm.toml", text, Variables.of(Map.of()));
    }

    private static List<ConfigProblem> problems(String text) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> parse(text));
        assertThat(e).as("the file should have been rejected").isNotNull();
        return e.problems();
    }

    @Test
    void hypervTrueIsTheRecommendedSetAndSecureBootAloneChoosesDebiansFiles() {
        Machine m = parse("""
                name = "win"
                accelerator = "kvm"

                [cpu]
                model = "host"
                hyperv = true

                [firmware]
                type = "ovmf"
                secure_boot = true
                """);

        assertThat(m.cpu().hyperv()).contains(HyperV.RECOMMENDED);
        assertThat(m.firmware()).isEqualTo(Firmware.secureBoot());
        String written = VmTomlWriter.write(m, List.of());
        assertThat(written).contains("hyperv = true", "secure_boot = true");
        assertThat(parse(written)).isEqualTo(m);
    }

    @Test
    void hypervFalseIsNone() {
        assertThat(parse("name = \"x\"\n[cpu]\nhyperv = false\n").cpu().hyperv()).isEmpty();
    }

    @Test
    void badFlagsAndEnlightenmentsAreNamedWithTheirPositions() {
        List<ConfigProblem> problems = problems("""
                name = "win"
                accelerator = "kvm"

                [cpu]
                flags = ["+avx2", "avx512f", "-avx2"]
                hyperv = { enlightenments = ["relaxed", "turbo", "relaxed"] }
                """);

        assertThat(problems).extracting(ConfigProblem::fieldPath).containsExactlyInAnyOrder(
                "cpu.flags[1]", "cpu.flags[2]", "cpu.hyperv.enlightenments[1]", "cpu.hyperv.enlightenments[2]");
        assertThat(problems).filteredOn(p -> p.fieldPath().equals("cpu.flags[1]")).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("vm.toml:5:", "'avx512f'", "+name"));
        assertThat(problems).filteredOn(p -> p.fieldPath().equals("cpu.hyperv.enlightenments[1]")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("'turbo'", "'stimer-direct'"));
    }

    @Test
    void secureBootWithFirmwareThatIsNotAnSmmBuildNamesCodePath() {
        List<ConfigProblem> problems = problems("""
                name = "win"

                [firmware]
                type = "ovmf"
                secure_boot = true
                code_path = "/usr/share/OVMF/OVMF_CODE_4M.fd"
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.fieldPath()).isEqualTo("firmware.code_path");
            assertThat(p.toString()).contains("vm.toml:6:", "not an SMM build");
        });
    }

    @Test
    void enlightenmentsQemuRefusesUnderTcgAreNamed() {
        List<ConfigProblem> problems = problems("""
                name = "win"
                accelerator = "tcg"

                [cpu]
                hyperv = true
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.fieldPath()).isEqualTo("cpu.hyperv");
            assertThat(p.message()).contains("hv-vpindex under TCG");
        });
    }
}
