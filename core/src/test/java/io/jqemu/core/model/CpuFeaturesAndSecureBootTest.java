package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CPU flags, Hyper-V enlightenments and Secure Boot: what validation refuses (by field) and what -cpu/-machine get. */
class CpuFeaturesAndSecureBootTest {

    private static MachineBuilder base() {
        return Machine.builder().name("win").uuid("186682f9-0f0b-4a9e-867b-364706339405").accelerator(Accelerator.KVM);
    }

    private static List<Violation> violations(MachineBuilder b) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        return e.violations();
    }

    private static List<String> argv(Machine m, Accelerator auto) {
        return MachineRenderer.render(m, RenderContext.builder().qemuBinary("/usr/bin/qemu-system-x86_64")
                .autoAccelerator(auto).qmpSocket("/run/jqemu/win/qmp.sock").runtimeDir("/run/jqemu/win")
                .ovmfVars("/var/lib/jqemu/win/OVMF_VARS.fd").build()).argv();
    }

    private static String after(List<String> argv, String option) {
        return argv.get(argv.indexOf(option) + 1);
    }

    @Test
    void flagsAndEnlightenmentsFollowTheModelInMinusCpu() {
        Machine m = base().cpu(new Cpu("host", 1, 2, 1).withFlags("+avx2", "-svm", "+sse4.1")
                .withHyperV(HyperV.RECOMMENDED)).build();
        assertThat(after(argv(m, Accelerator.KVM), "-cpu")).isEqualTo("host,avx2=on,svm=off,sse4.1=on,hv-relaxed=on,"
                + "hv-vapic=on,hv-spinlocks=0x1fff,hv-vpindex=on,hv-runtime=on,hv-time=on,hv-synic=on,hv-stimer=on,"
                + "hv-tlbflush=on,hv-ipi=on,hv-reset=on,hv-frequencies=on");
    }

    @Test
    void aCpuWithoutFeaturesRendersItsModelAlone() {
        assertThat(after(argv(base().build(), Accelerator.KVM), "-cpu")).isEqualTo("max");
    }

    @Test
    void badFlagsAreNamedByIndex() {
        List<Violation> v = violations(base().cpu(Cpu.DEFAULT.withFlags("avx2", "+AVX", "+a,b", "+hv-relaxed")));
        assertThat(v).extracting(Violation::path).containsExactly("cpu.flags[0]", "cpu.flags[1]", "cpu.flags[2]",
                "cpu.flags[3]");
        assertThat(v.get(0).message()).contains("'avx2'", "+name");
        assertThat(v.get(1).message()).contains("'AVX'", "not a CPU feature name");
        assertThat(v.get(2).message()).contains("'a,b'");
        assertThat(v.get(3).message()).contains("cpu.hyperv");
    }

    @Test
    void aRepeatedOrContradictedFlagIsRefused() {
        List<Violation> v = violations(base().cpu(Cpu.DEFAULT.withFlags("+sse4.1", "+avx2", "-sse4_1", "+avx2")));
        assertThat(v).extracting(Violation::path).containsExactly("cpu.flags[2]", "cpu.flags[3]");
        assertThat(v.get(0).message()).contains("contradicts cpu.flags[0]", "'+sse4.1'");
        assertThat(v.get(1).message()).contains("repeats cpu.flags[1]");
    }

    @Test
    void anEnlightenmentWithoutWhatItRequiresIsRefused() {
        List<Violation> v = violations(base().cpu(Cpu.DEFAULT.withHyperV(HyperV.of(HyperV.Enlightenment.STIMER,
                HyperV.Enlightenment.TIME))));
        assertThat(v).singleElement().satisfies(only -> {
            assertThat(only.path()).isEqualTo("cpu.hyperv");
            assertThat(only.message()).contains("hv-stimer requires hv-vpindex, hv-synic");
        });
    }

    @Test
    void spinlockRetriesBelowTheMinimumAreRefused() {
        List<Violation> v = violations(base().cpu(Cpu.DEFAULT.withHyperV(
                HyperV.of(HyperV.Enlightenment.SPINLOCKS).withSpinlockRetries(0x10))));
        assertThat(v).extracting(Violation::path).containsExactly("cpu.hyperv.spinlockRetries");
    }

    @Test
    void vpindexUnderTcgIsRefusedAtValidationAndWhenAutoResolvesToTcg() {
        List<Violation> v = violations(base().accelerator(Accelerator.TCG).cpu(Cpu.DEFAULT.withHyperV(HyperV.RECOMMENDED)));
        assertThat(v).singleElement().satisfies(only -> {
            assertThat(only.path()).isEqualTo("cpu.hyperv");
            assertThat(only.message()).contains("hv-vpindex under TCG");
        });
        Machine auto = base().accelerator(Accelerator.AUTO).cpu(Cpu.DEFAULT.withHyperV(HyperV.RECOMMENDED)).build();
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, () -> argv(auto, Accelerator.TCG));
        assertThat(e.violations()).extracting(Violation::path).containsExactly("cpu.hyperv");
        assertThat(after(argv(auto, Accelerator.KVM), "-cpu")).contains("hv-vpindex=on");
        Machine tcgSafe = base().accelerator(Accelerator.TCG).cpu(Cpu.DEFAULT.withHyperV(HyperV.of(
                HyperV.Enlightenment.RELAXED, HyperV.Enlightenment.TIME))).build();
        assertThat(after(argv(tcgSafe, Accelerator.TCG), "-cpu")).isEqualTo("max,hv-relaxed=on,hv-time=on");
    }

    @Test
    void secureBootTurnsOnSmmAndSecureFlash() {
        List<String> argv = argv(base().firmware(Firmware.secureBoot()).build(), Accelerator.KVM);
        assertThat(after(argv, "-machine")).isEqualTo("type=q35,pflash0=fmt-pflash0,pflash1=fmt-pflash1,smm=on");
        assertThat(after(argv, "-global")).isEqualTo("driver=cfi.pflash01,property=secure,value=on");
        assertThat(argv).contains("{\"driver\":\"file\",\"filename\":\"/usr/share/OVMF/OVMF_CODE_4M.secboot.fd\","
                + "\"node-name\":\"file-pflash0\",\"read-only\":true}");
    }

    @Test
    void ovmfWithoutSecureBootHasNeitherSmmNorSecureFlash() {
        List<String> argv = argv(base().ovmf("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd").build(),
                Accelerator.KVM);
        assertThat(after(argv, "-machine")).doesNotContain("smm");
        assertThat(argv).doesNotContain("-global");
    }

    @Test
    void secureBootRefusesFirmwareThatIsNotAnSmmBuild() {
        List<Violation> v = violations(base().firmware(new Firmware.Ovmf("/usr/share/OVMF/OVMF_CODE_4M.fd",
                Optional.of(Firmware.SECURE_BOOT_VARS), true)));
        assertThat(v).singleElement().satisfies(only -> {
            assertThat(only.path()).isEqualTo("firmware.codePath");
            assertThat(only.message()).contains("'/usr/share/OVMF/OVMF_CODE_4M.fd'", "not an SMM build",
                    Firmware.SECURE_BOOT_CODE);
        });
        assertThat(base().firmware(new Firmware.Ovmf("/usr/share/OVMF/OVMF_CODE_4M.ms.fd",
                Optional.of(Firmware.SECURE_BOOT_VARS), true)).build().firmware()).isInstanceOf(Firmware.Ovmf.class);
    }
}
