package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.JqemuException;
import io.jqemu.core.Violation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rejection names the field path and the offending value. */
class MachineValidationTest {

    private static MachineBuilder base() {
        return Machine.builder().name("vm").uuid("186682f9-0f0b-4a9e-867b-364706339405");
    }

    private static List<Violation> violations(MachineBuilder b) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        assertThat(e).isInstanceOf(JqemuException.class);
        return e.violations();
    }

    private static Violation only(MachineBuilder b) {
        List<Violation> v = violations(b);
        assertThat(v).hasSize(1);
        return v.get(0);
    }

    @Test
    void validMachineBuilds() {
        Machine m = base().disk(Disk.imageFile("/img/a.raw")).build();
        assertThat(m.diskId(0)).isEqualTo("disk0");
    }

    @Test
    void scsiBlockOnAFileIsRejected() {
        Violation v = only(base().virtioScsi().disk(Disk.imageFile("/img/a.raw").scsiBlock(0, 0, 0)));
        assertThat(v.path()).isEqualTo("disks[0].attachment");
        assertThat(v.message()).contains("scsi-block", "'/img/a.raw'", "image file");
    }

    @Test
    void scsiBlockOnAHostBlockDeviceIsAccepted() {
        assertThat(base().virtioScsi().disk(Disk.hostDevice("/dev/sdd").scsiBlock(0, 0, 0)).build().disks()).hasSize(1);
    }

    @Test
    void twoDisksOnOneScsiAddressAreRejected() {
        Violation v = only(base().virtioScsi()
                .disk(Disk.imageFile("/img/a.raw").scsiHd(0, 0, 1))
                .disk(Disk.imageFile("/img/b.raw").scsiHd(0, 0, 1)));
        assertThat(v.path()).isEqualTo("disks[1].attachment");
        assertThat(v.message()).contains("scsi controller 0 target 0 lun 1", "disks[0]");
    }

    @Test
    void twoDisksOnOneAhciPortAreRejected() {
        Violation v = only(base().disk(Disk.imageFile("/img/a.raw").ideHd(2)).disk(Disk.imageFile("/img/b.raw").ideHd(2)));
        assertThat(v.path()).isEqualTo("disks[1].attachment");
        assertThat(v.message()).contains("AHCI port 2", "disks[0]");
    }

    @Test
    void twoUsbDevicesOnOnePortAreRejected() {
        Violation v = only(base().usb(UsbController.xhci(new UsbHub("1")))
                .disk(Disk.imageFile("/img/a.raw").usbStorage("1", false)));
        assertThat(v.path()).isEqualTo("disks[0].attachment.port");
        assertThat(v.message()).contains("USB port 1", "usb.hubs[0].port");
    }

    @Test
    void twoVfioDevicesOnOneGuestAddressAreRejected() {
        Violation v = only(base()
                .vfio(VfioPci.of("0000:01:00.0").atGuestAddress("00:10.0", true))
                .vfio(VfioPci.of("0000:01:00.1").atGuestAddress("00:10.0", false)));
        assertThat(v.path()).isEqualTo("vfioDevices[1].guestAddress");
        assertThat(v.message()).contains("'00:10.0'", "vfioDevices[0]");
    }

    @Test
    void guestAddressOnTheRootPortSlotsIsRejected() {
        Violation v = only(base().vfio(VfioPci.of("0000:01:00.0").atGuestAddress("00:02.0", false)));
        assertThat(v.path()).isEqualTo("vfioDevices[0].guestAddress");
        assertThat(v.message()).contains("root ports");
    }

    @Test
    void duplicateBootIndexIsRejected() {
        Violation v = only(base().disk(Disk.imageFile("/img/a.raw").bootIndex(1))
                .nic(Nic.virtio(NicBackend.user()).withBootIndex(1)));
        assertThat(v.path()).isEqualTo("nics[0].bootIndex");
        assertThat(v.message()).contains("boot index 1", "disks[0].bootIndex");
    }

    @Test
    void usbDeviceWithoutUsbControllerIsRejectedNotFixedSilently() {
        List<Violation> v = violations(base()
                .disk(Disk.imageFile("/img/a.raw").usbStorage("3", false))
                .usbHost(UsbHost.byIds(0x0781, 0x5567))
                .usbRedir(UsbRedir.of("127.0.0.1", 4000)));
        assertThat(v).extracting(Violation::path)
                .containsExactly("disks[0].attachment", "usbHostDevices[0]", "usbRedirs[0]");
        assertThat(v).allSatisfy(x -> assertThat(x.message()).contains("needs a USB controller"));
    }

    @Test
    void ovmfWithoutVarsTemplateIsRejected() {
        Violation v = only(base().firmware(new Firmware.Ovmf("/usr/share/OVMF/OVMF_CODE_4M.fd", Optional.empty())));
        assertThat(v.path()).isEqualTo("firmware.varsTemplate");
        assertThat(v.message()).contains("vars template");
    }

    @Test
    void malformedMacIsRejected() {
        Violation v = only(base().nic(Nic.virtio(NicBackend.user()).withMac("52:54:00:zz:00:01")));
        assertThat(v.path()).isEqualTo("nics[0].mac");
        assertThat(v.message()).contains("'52:54:00:zz:00:01'", "not a MAC address");
    }

    @Test
    void multicastMacIsRejected() {
        Violation v = only(base().nic(Nic.virtio(NicBackend.user())).nic(Nic.virtio(NicBackend.user()).withMac("01:00:5e:00:00:01")));
        assertThat(v.path()).isEqualTo("nics[1].mac");
        assertThat(v.message()).contains("multicast");
    }

    @Test
    void malformedPciAddressesAreRejected() {
        List<Violation> v = violations(base()
                .vfio(VfioPci.of("0000:01:00"))
                .vfio(VfioPci.of("0000:01:00.0").atGuestAddress("00:3f.0", false))
                .vfio(VfioPci.of("01:00.8")));
        assertThat(v).extracting(Violation::path)
                .containsExactly("vfioDevices[0].hostAddress", "vfioDevices[1].guestAddress", "vfioDevices[2].hostAddress");
        assertThat(v.get(0).message()).contains("'0000:01:00'", "not a PCI address");
    }

    @Test
    void malformedUuidIsRejected() {
        Violation v = only(Machine.builder().name("vm").uuid("186682f9-0f0b-4a9e-867b-36470633940"));
        assertThat(v.path()).isEqualTo("uuid");
        assertThat(v.message()).contains("'186682f9-0f0b-4a9e-867b-36470633940'", "not a UUID");
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, () -> Machine.builder()
                .name("")
                .uuid("nope")
                .memoryMib(1)
                .disk(Disk.imageFile("relative.img"))
                .disk(Disk.imageFile("/img/b.raw").cache(CacheMode.WRITEBACK).aio(AioMode.NATIVE))
                .nic(Nic.virtio(NicBackend.bridge("bridge-name-far-too-long", VhostMode.ON)))
                .build());
        assertThat(e.violations()).extracting(Violation::path).containsExactlyInAnyOrder(
                "uuid", "name", "memoryMib", "disks[0].path", "disks[1].aio", "nics[0].backend.bridge");
        assertThat(e.getMessage()).contains("6 problems", "disks[0].path: 'relative.img' is not an absolute path");
    }

    @Test
    void scsiDiskWithoutControllerIsRejected() {
        Violation v = only(base().disk(Disk.imageFile("/img/a.raw").scsiHd(0, 0, 0)));
        assertThat(v.path()).isEqualTo("disks[0].attachment.controller");
    }

    @Test
    void usbPortBehindAMissingHubIsRejected() {
        Violation v = only(base().usb(UsbController.xhci()).disk(Disk.imageFile("/img/a.raw").usbStorage("2.1", true)));
        assertThat(v.path()).isEqualTo("disks[0].attachment.port");
        assertThat(v.message()).contains("needs a usb-hub at port 2");
    }

    @Test
    void nonQ35MachineTypeIsRejected() {
        Violation v = only(base().machineType("pc-i440fx-7.2"));
        assertThat(v.path()).isEqualTo("machineType");
    }

    @Test
    void duplicateDeviceIdsAreRejected() {
        Violation v = only(base().disk(Disk.imageFile("/img/a.raw").id("data")).disk(Disk.imageFile("/img/b.raw").id("data")));
        assertThat(v.path()).isEqualTo("disks[1].id");
        assertThat(v.message()).contains("'data'", "disks[0]");
    }

    @Test
    void userIdTakingAFixedIdIsRejected() {
        Violation v = only(base().disk(Disk.imageFile("/img/a.raw").id("rp0")));
        assertThat(v.path()).isEqualTo("disks[0].id");
        assertThat(v.message()).contains("'rp0'", "spareRootPorts");
    }

    @Test
    void duplicateMacIsRejected() {
        Violation v = only(base().nic(Nic.virtio(NicBackend.user()).withMac("52:54:00:00:00:01"))
                .nic(Nic.virtio(NicBackend.user()).withMac("52:54:00:00:00:01")));
        assertThat(v.path()).isEqualTo("nics[1].mac");
        assertThat(v.message()).contains("nics[0].mac");
    }

    @Test
    void readOnlyIdeDiskIsRejected() {
        Violation v = only(base().disk(Disk.imageFile("/img/a.iso").readOnly(true).ideHd(0)));
        assertThat(v.path()).isEqualTo("disks[0].readOnly");
    }

    @Test
    void nulInAPathIsRejected() {
        Violation v = only(base().disk(Disk.imageFile("/img/a\0b")));
        assertThat(v.path()).isEqualTo("disks[0].path");
        assertThat(v.message()).contains("NUL");
    }

    @Test
    void vgaMemoryOnVirtioIsRejected() {
        assertThatThrownBy(() -> base().display(Display.of(Graphics.none(), Vga.of(Vga.Model.VIRTIO, 16))).build())
                .isInstanceOf(InvalidMachineException.class).hasMessageContaining("display.vga.vgaMemoryMib");
    }
}
