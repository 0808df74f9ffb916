package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code create} on a disk: sizes, validation with field paths, and the host resource it renders. */
class DiskCreationTest {

    private static List<Violation> violations(Disk.Builder disk) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class,
                () -> Machine.builder().name("vm").disk(Disk.imageFile("/img/ok.raw")).disk(disk).build());
        assertThat(e).as("the machine should have been rejected").isNotNull();
        return e.violations();
    }

    @Test
    void sizesParseWithBinarySuffixesOrAsBytes() {
        assertThat(DiskSize.parse("32G")).isEqualTo(32L << 30);
        assertThat(DiskSize.parse("512M")).isEqualTo(512L << 20);
        assertThat(DiskSize.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(DiskSize.parse("4k")).isEqualTo(4096);
        assertThat(DiskSize.parse("2T")).isEqualTo(2L << 40);
        assertThat(DiskSize.parse("1073741824")).isEqualTo(1L << 30);
        assertThat(DiskSize.describe(32L << 30)).isEqualTo("32G");
        assertThat(DiskSize.describe(1536L << 20)).isEqualTo("1536M");
    }

    @Test
    void badSizesAreRejectedSayingWhy() {
        assertThatThrownBy(() -> DiskSize.parse("32X")).hasMessageContaining("'32X' is not a size");
        assertThatThrownBy(() -> DiskSize.parse("")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> DiskSize.parse("G")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> DiskSize.parse("-1G")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> DiskSize.parse("0")).hasMessageContaining("'0' is not a positive size");
        assertThatThrownBy(() -> DiskSize.parse("1000")).hasMessageContaining("not a multiple of 512");
        assertThatThrownBy(() -> DiskSize.parse("2048T")).hasMessageContaining("larger than 1024T");
        assertThatThrownBy(() -> DiskSize.parse("99999999999999999999")).hasMessageContaining("larger than");
    }

    @Test
    void aZeroOrUnalignedOrHugeSizeIsAViolationAtCreateSize() {
        assertThat(violations(Disk.imageFile("/img/new.raw").create(DiskCreation.ofSize(0))))
                .containsExactly(new Violation("disks[1].create.size", "0 bytes is not a positive size"));
        assertThat(violations(Disk.imageFile("/img/new.raw").create(DiskCreation.ofSize(1000))).get(0).path())
                .isEqualTo("disks[1].create.size");
        assertThat(violations(Disk.imageFile("/img/new.raw").create(DiskCreation.ofSize(DiskSize.MAX + 512))).get(0)
                .message()).contains("larger than 1024T");
    }

    @Test
    void aBackingMustBeAbsoluteAndNeedsQcow2() {
        List<Violation> relative = violations(Disk.imageFile("/img/new.qcow2").format(DiskFormat.QCOW2)
                .create(DiskCreation.ofSize("1G").withBacking("base.qcow2")));
        assertThat(relative).containsExactly(new Violation("disks[1].create.backing", "'base.qcow2' is not an absolute path"));
        List<Violation> raw = violations(Disk.imageFile("/img/new.raw")
                .create(DiskCreation.ofSize("1G").withBacking("/img/base.qcow2")));
        assertThat(raw).containsExactly(new Violation("disks[1].create.backing", "a backing image needs format qcow2, not raw"));
        List<Violation> self = violations(Disk.imageFile("/img/new.qcow2").format(DiskFormat.QCOW2)
                .create(DiskCreation.ofSize("1G").withBacking("/img/new.qcow2")));
        assertThat(self.get(0).message()).contains("the disk's own path");
    }

    @Test
    void createOnAHostBlockDeviceIsRejected() {
        assertThat(violations(Disk.hostDevice("/dev/sdb").create(DiskCreation.ofSize("1G"))))
                .containsExactly(new Violation("disks[1].create",
                        "jqemu creates image files only; '/dev/sdb' is a host block device"));
    }

    @Test
    void aDiskToCreateNeedsAnImageToCreateWithTheQemuBinaryAndTheSameArgv() {
        RenderContext ctx = RenderContext.builder().qemuBinary("/opt/qemu/bin/qemu-system-x86_64").build();
        Machine plain = Machine.builder().name("vm").disk(Disk.imageFile("/img/d.qcow2").format(DiskFormat.QCOW2)).build();
        Machine created = Machine.builder().name("vm").disk(Disk.imageFile("/img/d.qcow2").format(DiskFormat.QCOW2)
                .create(DiskCreation.ofSize("32G").withBacking("/img/base.qcow2"))).build();

        List<HostResource> needs = MachineRenderer.render(created, ctx).hostResources();

        assertThat(needs).contains(new HostResource.ImageToCreate(
                new HostResource.ImageFile("/img/d.qcow2", HostResource.Access.READ_WRITE, "disks[0].path"),
                "qcow2", 32L << 30, Optional.of("/img/base.qcow2"), "/opt/qemu/bin/qemu-system-x86_64",
                "disks[0].create"));
        assertThat(needs).noneMatch(n -> n instanceof HostResource.ImageFile);
        assertThat(MachineRenderer.render(created, ctx).argv()).isEqualTo(MachineRenderer.render(plain, ctx).argv());
        assertThat(created.disks().get(0).withId("x").create()).isEqualTo(created.disks().get(0).create());
    }

    @Test
    void anIncomingStateRendersIncomingDeferRightAfterMinusS() {
        Machine m = Machine.builder().name("vm").build();
        List<String> argv = MachineRenderer.render(m, RenderContext.builder().incomingState(true).build()).argv();
        int s = argv.indexOf("-S");
        assertThat(argv.subList(s, s + 3)).containsExactly("-S", "-incoming", "defer");
        assertThat(MachineRenderer.render(m, RenderContext.builder().build()).argv()).doesNotContain("-incoming");
        assertThatThrownBy(() -> RenderContext.builder().startPaused(false).incomingState(true).build())
                .hasMessageContaining("incomingState needs startPaused");
    }
}
