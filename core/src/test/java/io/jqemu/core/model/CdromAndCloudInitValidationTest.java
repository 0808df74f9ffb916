package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.JqemuException;
import io.jqemu.core.Violation;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.HotplugRenderer;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CD-ROM drives and the cloud-init seed: their violations name the field and the value. */
class CdromAndCloudInitValidationTest {

    private static MachineBuilder base() {
        return Machine.builder().name("vm").uuid("186682f9-0f0b-4a9e-867b-364706339405");
    }

    private static List<Violation> violations(MachineBuilder b) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        return e.violations();
    }

    private static Violation only(MachineBuilder b) {
        List<Violation> v = violations(b);
        assertThat(v).hasSize(1);
        return v.get(0);
    }

    @Test
    void relativeMediumPathIsRejected() {
        Violation v = only(base().cdrom(Cdrom.empty().ideCd(0)).cdrom(Cdrom.medium("debian.iso").ideCd(1)));
        assertThat(v.path()).isEqualTo("cdroms[1].path");
        assertThat(v.message()).contains("'debian.iso'", "not an absolute path");
    }

    @Test
    void cdromOnTheAhciPortOfADiskIsRejected() {
        Violation v = only(base().disk(Disk.imageFile("/img/a.raw").ideHd(1)).cdrom(Cdrom.medium("/iso/a.iso").ideCd(1)));
        assertThat(v.path()).isEqualTo("cdroms[0].attachment");
        assertThat(v.message()).contains("AHCI port 1", "disks[0]");
    }

    @Test
    void ahciPortOutOfRangeIsRejected() {
        Violation v = only(base().cdrom(Cdrom.empty().ideCd(6)));
        assertThat(v.path()).isEqualTo("cdroms[0].attachment.port");
        assertThat(v.message()).contains("6", "0 to 5");
    }

    @Test
    void cdromOnTheScsiAddressOfADiskIsRejected() {
        Violation v = only(base().virtioScsi().disk(Disk.imageFile("/img/a.raw").scsiHd(0, 0, 0))
                .cdrom(Cdrom.empty().scsiCd(0, 0, 0)));
        assertThat(v.path()).isEqualTo("cdroms[0].attachment");
        assertThat(v.message()).contains("scsi controller 0 target 0 lun 0", "disks[0]");
    }

    @Test
    void scsiCdWithoutItsControllerIsRejected() {
        Violation v = only(base().cdrom(Cdrom.empty().scsiCd(1, 0, 0)));
        assertThat(v.path()).isEqualTo("cdroms[0].attachment.controller");
        assertThat(v.message()).contains("no virtio-scsi controller 1", "has 0");
    }

    @Test
    void badIdAndTakenBootIndexAreRejected() {
        List<Violation> v = violations(base().disk(Disk.imageFile("/img/a.raw").bootIndex(1))
                .cdrom(Cdrom.empty().id("cd rom").bootIndex(1)));
        assertThat(v).extracting(Violation::path).containsExactlyInAnyOrder("cdroms[0].id", "cdroms[0].bootIndex");
    }

    @Test
    void cdromDefaultIdsAndNodes() {
        Machine m = base().cdrom(Cdrom.medium("/iso/a.iso").ideCd(0)).cdrom(Cdrom.empty().ideCd(1)).build();
        RenderedMachine r = MachineRenderer.render(m, RenderContext.builder().build());
        assertThat(String.join(" ", r.argv()))
                .contains("{\"driver\":\"file\",\"filename\":\"/iso/a.iso\",\"node-name\":\"med-cd0\",\"read-only\":true}")
                .contains("{\"driver\":\"ide-cd\",\"id\":\"cd0\",\"bus\":\"ide.0\",\"drive\":\"med-cd0\"}")
                .contains("{\"driver\":\"ide-cd\",\"id\":\"cd1\",\"bus\":\"ide.1\"}");
        assertThat(r.hostResources()).contains(
                new HostResource.ImageFile("/iso/a.iso", HostResource.Access.READ_ONLY, "cdroms[0].path"));
    }

    @Test
    void ideCdIsNotHotpluggableButScsiCdIs() {
        Machine m = base().virtioScsi().build();
        JqemuException ide = catchThrowableOfType(JqemuException.class,
                () -> HotplugRenderer.plan(m, Cdrom.empty().ideCd(0).build(), Optional.empty(),
                        RenderContext.builder().build()));
        assertThat(ide).hasMessageContaining("ide-cd drive cannot be hot-plugged");
        DevicePlan scsi = HotplugRenderer.plan(m, Cdrom.medium("/iso/a.iso").scsiCd(0, 0, 0).build(),
                Optional.empty(), RenderContext.builder().build());
        assertThat(scsi.steps()).hasSize(2);
    }

    @Test
    void cloudInitFilePathsMustBeAbsoluteAndTextPassable() {
        CloudInit seed = new CloudInit(Optional.of(new CloudInit.Content.HostFile("user-data.yaml")),
                Optional.of(new CloudInit.Content.Inline("a\0b")), Optional.empty());
        List<Violation> v = violations(base().cloudInit(seed));
        assertThat(v).extracting(Violation::path).containsExactlyInAnyOrder("cloudInit.userDataFile", "cloudInit.metaData");
        assertThat(v).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("'user-data.yaml'"));
    }

    @Test
    void aSecondCloudInitSeedReplacesTheFirst() {
        Machine m = base().cloudInit(CloudInit.userData("a")).cloudInit(CloudInit.userData("b")).build();
        assertThat(m.devices()).containsExactly(CloudInit.userData("b"));
    }

    @Test
    void cloudInitSeedFilesDefaultMetaDataFromTheName() {
        Machine m = base().cloudInit(new CloudInit(Optional.empty(), Optional.empty(),
                Optional.of(new CloudInit.Content.HostFile("/etc/net.yaml")))).build();
        RenderedMachine r = MachineRenderer.render(m, RenderContext.builder().runtimeDir("/run/x").build());
        HostResource.SeedDirectory seed = r.hostResources().stream().filter(HostResource.SeedDirectory.class::isInstance)
                .map(HostResource.SeedDirectory.class::cast).findFirst().orElseThrow();
        assertThat(seed.path()).isEqualTo("/run/x/cloud-init");
        assertThat(seed.files()).containsExactly(
                new HostResource.SeedFile("user-data", new CloudInit.Content.Inline(""), "cloudInit.userData"),
                new HostResource.SeedFile("meta-data",
                        new CloudInit.Content.Inline("instance-id: \"vm\"\nlocal-hostname: \"vm\"\n"), "cloudInit.metaData"),
                new HostResource.SeedFile("network-config", new CloudInit.Content.HostFile("/etc/net.yaml"),
                        "cloudInit.networkConfigFile"));
        assertThat(String.join(" ", r.argv())).contains("\"driver\":\"vvfat\"", "\"dir\":\"/run/x/cloud-init\"",
                "\"label\":\"cidata\"", "\"read-only\":true");
    }
}
