package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.JqemuException;
import io.jqemu.core.Violation;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TPM's and virtiofs shares' validation (field paths, values) and their helper processes. */
class TpmAndVirtiofsValidationTest {
    private static final RenderContext CONTEXT = RenderContext.builder().runtimeDir("/run/jqemu/vm")
            .qmpSocket("/run/jqemu/vm/qmp.sock").stateDir("/var/lib/jqemu/vm").build();

    private static MachineBuilder base() {
        return Machine.builder().name("vm").uuid("186682f9-0f0b-4a9e-867b-364706339405")
                .memoryBacking(MemoryBacking.sharedMemfd());
    }

    private static List<Violation> violations(MachineBuilder b) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        return e.violations();
    }

    @Test
    void virtiofsWithoutSharedMemoryIsRefusedSayingWhatToSet() {
        List<Violation> v = violations(base().memoryBacking(MemoryBacking.DEFAULT)
                .virtiofs(VirtiofsShare.of("/srv/nas", "nas")));

        assertThat(v).singleElement().satisfies(one -> {
            assertThat(one.path()).isEqualTo("virtiofs[0]");
            assertThat(one.message()).contains("memory.backing", "backing = { type = \"memfd\", shared = true }");
        });
        assertThat(violations(base().memoryBacking(new MemoryBacking.Memfd(false))
                .virtiofs(VirtiofsShare.of("/srv/nas", "nas")))).extracting(Violation::path).containsExactly("virtiofs[0]");
    }

    @Test
    void aRelativePathATooLongTagAndATagUsedTwiceAreRefusedWithTheirFields() {
        List<Violation> v = violations(base()
                .virtiofs(VirtiofsShare.of("srv/nas", "nas"))
                .virtiofs(VirtiofsShare.of("/srv/media", "m".repeat(37)))
                .virtiofs(VirtiofsShare.of("/srv/other", "nas")));

        assertThat(v).extracting(Violation::path)
                .containsExactly("virtiofs[0].hostPath", "virtiofs[1].tag", "virtiofs[2].tag");
        assertThat(v.get(0).message()).contains("'srv/nas'");
        assertThat(v.get(1).message()).contains("longer than 36 bytes");
        assertThat(v.get(2).message()).contains("'nas'");
    }

    @Test
    void aMachineHasAtMostOneTpm() {
        assertThat(base().tpm().tpm().build().devices(Tpm.class)).hasSize(1);
        assertThat(new Tpm().tooMany(2)).hasValue("2 tpm devices; a machine has at most one");
    }

    @Test
    void eachHelperIsAHostResourceWithItsArgvSocketAndLog() {
        Machine m = base().tpm().virtiofs(new VirtiofsShare("/srv/a,b\\c", "nas", VirtiofsShare.Cache.NONE)).build();
        RenderedMachine rendered = MachineRenderer.render(m, CONTEXT);

        List<HostResource.HelperDaemon> helpers = rendered.hostResources().stream()
                .filter(HostResource.HelperDaemon.class::isInstance).map(HostResource.HelperDaemon.class::cast).toList();
        assertThat(helpers).extracting(HostResource.HelperDaemon::fieldPath).containsExactly("tpm", "virtiofs[0]");
        assertThat(helpers.get(0).argv()).containsExactly("swtpm", "socket", "--tpm2", "--ctrl",
                "type=unixio,path=/run/jqemu/vm/swtpm.sock,mode=0600", "--tpmstate", "dir=/var/lib/jqemu/vm/tpm,mode=0600",
                "--terminate");
        assertThat(helpers.get(0).logFile()).isEqualTo("/var/lib/jqemu/vm/swtpm.log");
        assertThat(helpers.get(1).argv()).containsExactly(VirtiofsShare.VIRTIOFSD,
                "--socket-path=/run/jqemu/vm/virtiofsd-fs0.sock", "-o", "source=/srv/a\\,b\\\\c", "-o", "cache=none");
        assertThat(helpers.get(1).socket()).isEqualTo("/run/jqemu/vm/virtiofsd-fs0.sock");
        assertThat(rendered.hostResources()).contains(new HostResource.TpmState("/var/lib/jqemu/vm/tpm", "tpm"),
                new HostResource.SharedDirectory("/srv/a,b\\c", false, "virtiofs[0].hostPath"));
    }

    @Test
    void renderingAHelperWithoutAStateDirectoryFailsNamingTheDevice() {
        Machine m = base().tpm().build();
        RenderContext noState = RenderContext.builder().runtimeDir("/run/jqemu/vm").qmpSocket("/run/jqemu/vm/q.sock").build();
        assertThatThrownBy(() -> MachineRenderer.render(m, noState)).isInstanceOf(JqemuException.class)
                .hasMessageStartingWith("tpm: ");
    }

    @Test
    void neitherKindCanBeHotplugged() {
        assertThat(new Tpm().notHotpluggable()).isPresent();
        assertThat(VirtiofsShare.of("/srv", "t").notHotpluggable()).isPresent();
    }
}
