package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.core.scenario.ScenarioMachines;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The verifier must notice when QEMU's devices differ from what the argv asked for. */
@Timeout(60)
@RequiresQemu
class QemuVerifierSelfTest {

    @Test
    void reportsEveryPropertyQemuDoesNotHave() throws Exception {
        Path dir = TestDirs.create("verifier");
        Machine machine = HostFreeMachines.of(ScenarioMachines.minimal(), dir);
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        List<String> claimed = new ArrayList<>();
        for (String arg : rendered.argv()) {
            claimed.add(arg.replace("\"bootindex\":1", "\"bootindex\":2")
                    .replace("\"direct\":false", "\"direct\":true")
                    .replace("\"bus\":\"rp1\"", "\"bus\":\"rp3\""));
        }
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            assertThatThrownBy(() -> QemuVerifier.verify(machine, claimed, qemu.qmp()))
                    .hasMessageContaining("disk0.bootindex")
                    .hasMessageContaining("file-disk0 cache.direct")
                    .hasMessageContaining("bus");
        }
    }

    @Test
    void reportsADirectBootKernelInitrdOrCommandLineQemuDoesNotHave() throws Exception {
        Path dir = TestDirs.create("verifier-kernel");
        Machine machine = HostFreeMachines.of(ScenarioMachines.directKernel(), dir);
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        List<String> claimed = new ArrayList<>(rendered.argv());
        for (String option : List.of("-kernel", "-initrd", "-append")) {
            int i = claimed.indexOf(option) + 1;
            claimed.set(i, claimed.get(i) + ",x");
        }
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            assertThatThrownBy(() -> QemuVerifier.verify(machine, claimed, qemu.qmp()))
                    .hasMessageContaining("3 mismatches")
                    .hasMessageContaining("/machine kernel")
                    .hasMessageContaining("/machine initrd")
                    .hasMessageContaining("/machine append");
        }
    }

    /**
     * A machine whose model asks for flags, enlightenments and Secure Boot, checked against a QEMU started
     * without them: the verifier names each.
     */
    @Test
    void reportsCpuFeaturesAndSecureBootQemuDoesNotHave() throws Exception {
        Path dir = TestDirs.create("verifier-cpu");
        Machine plain = HostFreeMachines.of(ScenarioMachines.installFromIso(), dir);
        Machine claimed = plain.toBuilder().cpu(plain.cpu().withFlags("+aes", "-svm")
                .withHyperV(HyperV.of(HyperV.Enlightenment.RELAXED))).firmware(Firmware.secureBoot()).build();
        RenderedMachine rendered = MachineRenderer.render(plain, TestDirs.context(dir));
        TestDirs.prepareOvmfVars(rendered);
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            assertThatThrownBy(() -> QemuVerifier.verify(claimed, rendered.argv(), qemu.qmp()))
                    .hasMessageContaining("svm: expected false")
                    .hasMessageContaining("hv-relaxed: expected true")
                    .hasMessageContaining("/machine smm: expected on")
                    .hasMessageContaining("/machine/system.flash0 secure: expected true");
        }
    }
}
