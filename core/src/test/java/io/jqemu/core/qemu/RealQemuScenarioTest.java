package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.core.scenario.ScenarioMachines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts every scenario machine (host-free variant) in a real QEMU with -S and checks through QMP that
 * each device of the model exists with the properties asked for.
 */
@Timeout(120)
class RealQemuScenarioTest {

    static Stream<Arguments> scenarios() {
        return ScenarioMachines.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void qemuHasEveryDeviceWithItsProperties(String name, Machine scenario) throws Exception {
        Path dir = TestDirs.create(name);
        Machine machine = HostFreeMachines.of(scenario, dir);
        RenderContext ctx = TestDirs.context(dir);
        RenderedMachine rendered = MachineRenderer.render(machine, ctx);
        TestDirs.prepareOvmfVars(rendered);

        try (QemuInstance qemu = QemuInstance.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            QemuVerifier.verify(machine, rendered.argv(), qemu.qmp());
            switch (machine.display().graphics()) {
                case Graphics.Spice s -> assertThat(qemu.qmp().execute("query-spice").path("port").asInt()).isEqualTo(s.port());
                case Graphics.Vnc v -> assertThat(qemu.qmp().execute("query-vnc").path("service").asInt())
                        .isEqualTo(5900 + v.display());
                case Graphics.None n -> { }
            }
            if (machine.firmware() instanceof Firmware.Ovmf) {
                assertThat(qemu.qmp().qomGet("/machine", "pflash1").asText()).isEqualTo("fmt-pflash1");
                assertThat(rendered.hostResources()).anySatisfy(r -> assertThat(r).isInstanceOf(HostResource.OvmfVars.class));
            }
            assertThat(qemu.stderr()).doesNotContain("warning");
        }
    }
}
