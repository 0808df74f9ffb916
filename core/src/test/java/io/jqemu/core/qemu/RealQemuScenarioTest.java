package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.core.scenario.ScenarioMachines;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
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
@RequiresQemu
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
        TestDirs.prepareSeedDirectories(rendered);

        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            QemuVerifier.verify(machine, rendered.argv(), qemu.qmp());
            if (machine.display().graphics() instanceof Graphics.Remote console) {
                JsonNode info = qemu.qmp().execute("query-" + console.protocol());
                assertThat(info.path("auth").asText()).isEqualTo(console.protocol());
                if (console.listener() instanceof ConsoleListener.Tcp tcp) {
                    assertThat(info.path(console instanceof Graphics.Vnc ? "service" : "port").asInt()).isEqualTo(tcp.port());
                } else {
                    assertThat(dir.resolve(console.protocol() + ".sock")).exists();
                }
            }
            if (machine.firmware() instanceof Firmware.Ovmf) {
                assertThat(qemu.qmp().qomGet("/machine", "pflash1").asText()).isEqualTo("fmt-pflash1");
                assertThat(rendered.hostResources()).anySatisfy(r -> assertThat(r).isInstanceOf(HostResource.OvmfVars.class));
            }
            assertThat(qemu.log()).doesNotContain("warning");
        }
    }
}
