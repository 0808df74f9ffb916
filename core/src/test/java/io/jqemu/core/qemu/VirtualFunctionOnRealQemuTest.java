package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PciAddress;
import io.jqemu.core.model.VirtualFunction;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rendered SR-IOV virtual function is a {@code vfio-pci} device a real QEMU accepts: every property
 * is known and well-typed, and QEMU fails only where this host lacks the function itself (it has no
 * VFIO), when it opens the host device.
 */
@RequiresQemu
class VirtualFunctionOnRealQemuTest {

    @Test
    void qemuTakesEveryOptionAndOnlyMissesTheHostFunction(@TempDir Path dir) throws Exception {
        Machine m = Machine.builder().name("vf-check").accelerator(io.jqemu.core.model.Accelerator.TCG)
                .device(new VirtualFunction("0000:03:00.0", 2, 4, Optional.of(false), Optional.of(1), Optional.of("wan")))
                .serial(CharBackend.pty())
                .build();
        RenderContext ctx = RenderContext.builder().qemuBinary(QemuBinary.path())
                .qmpSocket(dir.resolve("qmp.sock").toString()).runtimeDir(dir.toString())
                .virtualFunctions((pf, i) -> Optional.of(new PciAddress(pf.domain(), pf.bus(), 0x10, i)))
                .build();
        List<String> argv = MachineRenderer.render(m, ctx).argv();
        assertThat(argv).contains("{\"driver\":\"vfio-pci\",\"id\":\"wan\",\"host\":\"0000:03:10.2\",\"bus\":\"rp0\","
                + "\"rombar\":0,\"bootindex\":1}");

        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile())
                .start();
        assertThat(qemu.waitFor(60, TimeUnit.SECONDS)).as("QEMU exits on the missing host device").isTrue();
        String out = Files.readString(dir.resolve("out"), StandardCharsets.UTF_8);
        assertThat(qemu.exitValue()).as(out).isNotZero();
        assertThat(out).contains("vfio /sys/bus/pci/devices/0000:03:10.2: no such host device")
                .doesNotContain("Property");
    }
}
