package io.jqemu.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.TapFds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares each scenario's command line with its golden file (one option per line). Run with
 * {@code -Djqemu.golden.update=true} to rewrite the golden files after an intended change.
 */
class GoldenCommandLineTest {
    static final Path GOLDEN_DIR = Path.of("src/test/resources/golden");

    static Stream<Arguments> scenarios() {
        return ScenarioMachines.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** The fixed context goldens are rendered with: what a launcher on a KVM host with vhost-net would pass. */
    static RenderContext goldenContext(String name) {
        return RenderContext.builder()
                .qemuBinary("/usr/bin/qemu-system-x86_64")
                .autoAccelerator(io.jqemu.core.model.Accelerator.KVM)
                .vhostNetAvailable(true)
                .qmpSocket("/run/jqemu/" + name + "/qmp.sock")
                .runtimeDir("/run/jqemu/" + name)
                .ovmfVars("/var/lib/jqemu/" + name + "/OVMF_VARS.fd")
                .tapFds("net2", new TapFds("3", Optional.empty()))
                .virtualFunctions(GoldenCommandLineTest::goldenVirtualFunction)
                .build();
    }

    /** Where a card like the X710 puts its virtual functions: first VF offset 0x80, stride 1. */
    static Optional<io.jqemu.core.model.PciAddress> goldenVirtualFunction(io.jqemu.core.model.PciAddress pf, int index) {
        int rid = (pf.bus() << 8 | pf.slot() << 3 | pf.function()) + 0x80 + index;
        return Optional.of(new io.jqemu.core.model.PciAddress(pf.domain(), rid >> 8, (rid >> 3) & 0x1f, rid & 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void commandLineMatchesGoldenFile(String name, Machine machine) throws IOException {
        String rendered = GoldenFormat.oneOptionPerLine(MachineRenderer.render(machine, goldenContext(name)).argv());
        Path golden = GOLDEN_DIR.resolve(name + ".args");
        if (Boolean.getBoolean("jqemu.golden.update")) {
            Files.createDirectories(GOLDEN_DIR);
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file %s (create/update with -Djqemu.golden.update=true)", golden).exists();
        assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void renderingIsDeterministic(String name, Machine machine) {
        List<String> first = MachineRenderer.render(machine, goldenContext(name)).argv();
        Machine rebuilt = machine.toBuilder().build();
        assertThat(MachineRenderer.render(rebuilt, goldenContext(name)).argv()).isEqualTo(first);
    }
}
