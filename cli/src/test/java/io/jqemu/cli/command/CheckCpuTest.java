package io.jqemu.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.cli.CliRun;
import io.jqemu.testsupport.RequiresQemu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jqemu check} asks the QEMU binary about the CPU (query-cpu-definitions,
 * query-cpu-model-expansion under TCG here) and names the field of each problem.
 */
@RequiresQemu
class CheckCpuTest {

    @TempDir
    Path dir;

    private CliRun check(String cpuTable) throws IOException {
        Path vm = Files.writeString(dir.resolve("cpu.toml"), """
                name = "cpu-check"
                accelerator = "tcg"

                [cpu]
                %s
                """.formatted(cpuTable));
        return CliRun.of("check", "--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString(), vm.toString());
    }

    @Test
    void aKnownModelWithKnownFlagsAndEnlightenmentsPasses() throws IOException {
        CliRun run = check("""
                model = "max"
                flags = ["+avx2", "-svm"]
                hyperv = { enlightenments = ["relaxed", "vapic", "spinlocks", "time", "frequencies"] }
                """);

        assertThat(run.out()).contains("ok    " + dir.resolve("cpu.toml") + ":5:9: cpu.model: QEMU knows max, its flags "
                + "+avx2 -svm and 5 Hyper-V enlightenments");
        assertThat(run.exitCode()).as(run.out()).isZero();
    }

    @Test
    void aMisspeltModelIsNamedWithItsNeighbours() throws IOException {
        CliRun run = check("model = \"Skylake-Clinet\"");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(4);
        assertThat(run.out()).contains("FAIL  " + dir.resolve("cpu.toml") + ":5:9: cpu.model: 'Skylake-Clinet' is not a "
                + "CPU model of").contains("Skylake-Client");
    }

    @Test
    void anUnknownFlagIsNamedByItsIndex() throws IOException {
        CliRun run = check("flags = [\"+avx2\", \"+warp-drive\"]");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(4);
        assertThat(run.out()).contains("cpu.flags[1]: QEMU does not know the CPU feature 'warp-drive'")
                .doesNotContain("cpu.flags[0]");
    }

    @Test
    void aModelWithFeaturesTcgCannotGiveFailsUnlessTheyAreTurnedOff() throws IOException {
        CliRun run = check("model = \"Skylake-Client\"");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(4);
        assertThat(run.out()).contains("cpu.model: 'Skylake-Client' needs what tcg cannot give on this host: ")
                .contains("pcid");
    }

    @Test
    void theHostModelUnderTcgIsRefusedAndTurningUnavailableFeaturesOffClearsThem() throws IOException {
        CliRun host = check("model = \"host\"");
        assertThat(host.out()).contains("cpu.model: 'host' needs KVM, and this VM would run under tcg");
        assertThat(host.exitCode()).isEqualTo(4);

        CliRun skylake = check("""
                model = "Skylake-Client"
                flags = ["-pcid", "-x2apic", "-tsc-deadline", "-hle", "-invpcid", "-rtm", "-rdseed", "-3dnowprefetch",
                         "-xsavec"]
                """);
        assertThat(skylake.out()).doesNotContain("cannot give").contains("cpu.model: QEMU knows Skylake-Client");
        assertThat(skylake.exitCode()).as(skylake.out()).isZero();
    }

    /** On a host without usable KVM, accelerator "auto" means TCG: the enlightenments QEMU refuses there are named. */
    @Test
    void hypervThatTcgRefusesIsNamedWhenAutoWouldMeanTcg() throws IOException {
        Assumptions.assumeFalse(Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm")),
                "this host may run KVM guests");
        Path vm = Files.writeString(dir.resolve("auto.toml"), """
                name = "cpu-auto"

                [cpu]
                hyperv = true
                """);
        CliRun run = CliRun.of("check", "--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString(), vm.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(4);
        assertThat(run.out() + run.err()).contains("cpu.hyperv", "hv-vpindex under TCG");
    }
}
