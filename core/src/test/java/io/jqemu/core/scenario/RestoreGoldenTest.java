package io.jqemu.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Machine;
import io.jqemu.core.render.GuestRam;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.testsupport.Goldens;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line of a launch that restores a saved state: the direct-kernel scenario with
 * {@code -incoming defer} right after {@code -S} (golden {@code direct-kernel-restore}), and nothing
 * else changed. Update with {@code -Djqemu.golden.update=true}.
 */
class RestoreGoldenTest {
    private static final String GOLDEN = "direct-kernel-restore";

    @Test
    void aRestoringLaunchAddsIncomingDeferToTheScenariosCommandLine() {
        Machine machine = ScenarioMachines.all().get("direct-kernel");
        RenderContext normal = GoldenCommandLineTest.goldenContext("direct-kernel");
        List<String> restoring = MachineRenderer.render(machine, normal.toBuilder().incomingState(true).build()).argv();
        String rendered = GoldenFormat.oneOptionPerLine(restoring);
        if (Boolean.getBoolean("jqemu.golden.update")) {
            Path written = Goldens.write(GOLDEN, rendered);
            assertThat(written).hasContent(rendered);
            return;
        }
        assertThat(rendered).isEqualTo(Goldens.read(GOLDEN));
        List<String> plain = new java.util.ArrayList<>(MachineRenderer.render(machine, normal).argv());
        plain.addAll(plain.indexOf("-S") + 1, List.of("-incoming", "defer"));
        assertThat(restoring).isEqualTo(plain);
    }

    @Test
    void guestRamInAFileAddsItsBackendToTheMachineAndNothingElse() {
        Machine machine = ScenarioMachines.all().get("direct-kernel");
        RenderContext normal = GoldenCommandLineTest.goldenContext("direct-kernel");
        List<String> plain = MachineRenderer.render(machine, normal).argv();
        List<String> template = MachineRenderer.render(machine, normal.toBuilder()
                .guestRam(GuestRam.inFile("/run/jqemu/direct-kernel/guest-ram", true)).build()).argv();
        List<String> anonymous = MachineRenderer.render(machine, normal.toBuilder()
                .guestRam(GuestRam.anonymous()).build()).argv();

        List<String> expected = new java.util.ArrayList<>(plain);
        expected.set(expected.indexOf("type=q35"), "type=q35,memory-backend=ram0");
        expected.addAll(expected.indexOf("-m") + 2, List.of("-object", "{\"qom-type\":\"memory-backend-file\","
                + "\"id\":\"ram0\",\"size\":268435456,\"mem-path\":\"/run/jqemu/direct-kernel/guest-ram\","
                + "\"share\":true}"));
        assertThat(template).isEqualTo(expected);
        assertThat(anonymous).contains("{\"qom-type\":\"memory-backend-ram\",\"id\":\"ram0\",\"size\":268435456}");
    }
}
