package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.core.scenario.ScenarioMachines;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The project's test guest booted through {@link DirectKernelBoot} alone (no escape hatch): the PVH
 * vmlinux runs under TCG and reads back, from /proc/cmdline, exactly the command line the model holds
 * (commas, quotes and spaces included); the bzImage is accepted next to OVMF's pflash firmware.
 */
@Timeout(180)
@BootsGuest
class DirectKernelBootOnRealQemuTest {
    private static final Duration BOOT = Duration.ofSeconds(120);

    @Test
    void theGuestKernelReceivesTheCommandLineVerbatim() throws Exception {
        Path guest = TestGuest.get().dir();
        Path dir = TestDirs.create("direct-boot");
        String cmdline = TestGuest.get().cmdline() + " jqemu.probe=\"a,b c\" jqemu.commas=1,,2,3";
        Path console = dir.resolve("console.sock");
        Machine machine = Machine.builder().name("direct-boot").accelerator(Accelerator.TCG).memoryMib(256)
                .directKernelBoot(guest.resolve("vmlinux").toString(), guest.resolve("initramfs.cpio.gz").toString(), cmdline)
                .serial(CharBackend.unixSocket(console.toString()))
                .spareRootPorts(0)
                .build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir);
             SerialConsole serial = SerialConsole.connect(console)) {
            assertThat(qemu.qmp().qomGet("/machine", "append").asText()).isEqualTo(cmdline);
            qemu.qmp().execute("cont");
            serial.await("JQEMU-GUEST-READY", BOOT);
            serial.send("c1 cat /proc/cmdline");
            serial.await("JQEMU-BEGIN c1", Duration.ofSeconds(30));
            assertThat(serial.await("", Duration.ofSeconds(30))).isEqualTo(cmdline);
            assertThat(serial.await("JQEMU-END c1", Duration.ofSeconds(30))).isEqualTo("JQEMU-END c1 0");
        }
    }

    @Test
    void aBzImageIsLoadedNextToOvmf() throws Exception {
        Path guest = TestGuest.get().dir();
        Path dir = TestDirs.create("direct-boot-ovmf");
        DirectKernelBoot boot = new DirectKernelBoot(guest.resolve("bzImage").toString(),
                Optional.of(guest.resolve("initramfs.cpio.gz").toString()), Optional.of(TestGuest.get().cmdline()));
        Machine machine = Machine.builder().name("direct-boot-ovmf").accelerator(Accelerator.TCG).memoryMib(256)
                .ovmf(ScenarioMachines.OVMF_CODE, ScenarioMachines.OVMF_VARS)
                .directKernelBoot(boot)
                .spareRootPorts(0)
                .build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        TestDirs.prepareOvmfVars(rendered);
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            QemuVerifier.verify(machine, rendered.argv(), qemu.qmp());
            assertThat(qemu.qmp().qomGet("/machine", "pflash0").asText()).isEqualTo("fmt-pflash0");
        }
    }
}
