package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.ScsiController;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Iothreads: declared once as objects, named by virtio-scsi controllers and virtio-blk disks, checked by name. */
class IothreadRenderingTest {
    private static MachineBuilder base() {
        return Machine.builder().name("io").memoryMib(256);
    }

    private static List<String> argv(MachineBuilder b) {
        return MachineRenderer.render(b.build(), RenderContext.builder().build()).argv();
    }

    private static List<String> values(List<String> argv, String option) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    private static List<Violation> violations(MachineBuilder b) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        return e.violations();
    }

    @Test
    void iothreadsAreObjectsTheDevicesName() {
        List<String> argv = argv(base().iothread("io0").iothread("io1")
                .scsiController(ScsiController.virtioScsi().withIothread("io1"))
                .disk(Disk.imageFile("/img/a.raw").virtioBlk("io0"))
                .disk(Disk.imageFile("/img/b.raw").scsiHd(0, 0, 0)));

        assertThat(values(argv, "-object")).containsExactly("{\"qom-type\":\"iothread\",\"id\":\"io0\"}",
                "{\"qom-type\":\"iothread\",\"id\":\"io1\"}");
        assertThat(values(argv, "-device")).anyMatch(d -> d.startsWith("{\"driver\":\"virtio-scsi-pci\",\"id\":\"scsi0\"")
                && d.contains("\"iothread\":\"io1\""));
        assertThat(values(argv, "-device")).anyMatch(d -> d.startsWith("{\"driver\":\"virtio-blk-pci\",\"id\":\"disk0\"")
                && d.contains("\"iothread\":\"io0\""));
        assertThat(values(argv, "-device")).filteredOn(d -> d.contains("scsi-hd")).noneMatch(d -> d.contains("iothread"));
    }

    @Test
    void withoutIothreadsNothingChanges() {
        List<String> argv = argv(base().virtioScsi().disk(Disk.imageFile("/img/a.raw")));

        assertThat(argv).doesNotContain("-object");
        assertThat(String.join(" ", argv)).doesNotContain("iothread");
    }

    @Test
    void anUnknownIothreadIsRefusedAtTheFieldThatNamesIt() {
        List<Violation> v = violations(base().iothread("io0")
                .scsiController(ScsiController.virtioScsi().withIothread("fast"))
                .disk(Disk.imageFile("/img/a.raw").virtioBlk("io9")));

        assertThat(v).extracting(Violation::path)
                .containsExactly("scsiControllers[0].iothread", "disks[0].attachment.iothread");
        assertThat(v.get(0).message()).isEqualTo("'fast' is not a declared iothread (iothreads: io0)");
        assertThat(violations(base().disk(Disk.imageFile("/img/a.raw").virtioBlk("io0"))).get(0).message())
                .isEqualTo("'io0' is not a declared iothread (iothreads is empty)");
    }

    @Test
    void iothreadNamesAreQemuIdsDeclaredOnceAndFreeAmongObjects() {
        List<Violation> v = violations(base().iothread("io0").iothread("io0").iothread("1st").iothread("ram0"));

        assertThat(v).extracting(Violation::path).containsExactly("iothreads[1]", "iothreads[2]", "iothreads[3]");
        assertThat(v.get(0).message()).contains("declared twice");
        assertThat(v.get(1).message()).contains("not a valid QEMU id");
        assertThat(v.get(2).message()).contains("another QEMU object");
    }
}
