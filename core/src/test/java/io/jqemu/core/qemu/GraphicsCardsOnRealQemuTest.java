package io.jqemu.core.qemu;

import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Vga;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every graphics card model starts in a real QEMU on pcie.0 slot 1, with its VGA memory where it has one. */
@Timeout(60)
@RequiresQemu
class GraphicsCardsOnRealQemuTest {

    @ParameterizedTest
    @EnumSource(Vga.Model.class)
    void graphicsCardStartsWithItsProperties(Vga.Model model) throws Exception {
        Path dir = TestDirs.create("vga-" + model);
        Vga vga = new Vga(model, model.hasVgaMemory() ? Optional.of(32) : Optional.empty());
        Machine machine = Machine.builder().name("vga").memoryMib(128).spareRootPorts(0)
                .display(Display.of(Graphics.none(), vga)).build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            QemuVerifier.verify(machine, rendered.argv(), qemu.qmp());
        }
    }
}
