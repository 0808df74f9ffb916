package io.jqemu.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.TapFds;
import io.jqemu.testsupport.Goldens;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares each scenario's command line with its golden file (one option per line, in
 * test-support's {@link Goldens}). Run with {@code -Djqemu.golden.update=true} to rewrite the golden
 * files in test-support's sources after an intended change.
 */
class GoldenCommandLineTest {
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
                .stateDir("/var/lib/jqemu/" + name)
                .tapFds("net2", new TapFds("3", Optional.empty()))
                .virtualFunctions(GoldenCommandLineTest::goldenVirtualFunction)
                .hugePageMounts(size -> Optional.of(size == 1L << 30 ? "/dev/hugepages1G" : "/dev/hugepages"))
                .build();
    }

    /** Where a card like the X710 puts its virtual functions: first VF offset 0x80, stride 1. */
    static Optional<io.jqemu.core.model.PciAddress> goldenVirtualFunction(io.jqemu.core.model.PciAddress pf, int index) {
        int rid = (pf.bus() << 8 | pf.slot() << 3 | pf.function()) + 0x80 + index;
        return Optional.of(new io.jqemu.core.model.PciAddress(pf.domain(), rid >> 8, (rid >> 3) & 0x1f, rid & 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void commandLineMatchesGoldenFile(String name, Machine machine) {
        String rendered = GoldenFormat.oneOptionPerLine(MachineRenderer.render(machine, goldenContext(name)).argv());
        if (Boolean.getBoolean("jqemu.golden.update")) {
            Path written = Goldens.write(name, rendered);
            assertThat(written).hasContent(rendered);
            return;
        }
        assertThat(Goldens.exists(name)).as("golden file %s (create/update with -Djqemu.golden.update=true)",
                Goldens.sourceFile(name)).isTrue();
        assertThat(rendered).isEqualTo(Goldens.read(name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void renderingIsDeterministic(String name, Machine machine) {
        List<String> first = MachineRenderer.render(machine, goldenContext(name)).argv();
        Machine rebuilt = machine.toBuilder().build();
        assertThat(MachineRenderer.render(rebuilt, goldenContext(name)).argv()).isEqualTo(first);
    }
}
