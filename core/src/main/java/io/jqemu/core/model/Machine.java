package io.jqemu.core.model;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An immutable, validated virtual machine definition. Build one with {@link #builder()}; the record
 * constructor does not validate, so the renderer validates again ({@link #validate()}).
 *
 * @param name             the VM name ({@code -name guest=})
 * @param uuid             the VM UUID (also seeds default MAC addresses and tap names)
 * @param machineType      the QEMU machine type, {@code q35} or a versioned name such as {@code pc-q35-7.2}
 * @param accelerator      KVM, TCG or AUTO (resolved by the launcher)
 * @param cpu              CPU model and topology
 * @param memoryMib        guest memory in MiB
 * @param firmware         SeaBIOS or OVMF
 * @param rtcBase          what the RTC starts from
 * @param noShutdown       keep QEMU running (stopped) after the guest powers off ({@code -no-shutdown})
 * @param boot             boot menu and strictness
 * @param directKernelBoot a kernel (and initrd, command line) QEMU loads itself, if any
 * @param sandbox          enable QEMU's seccomp sandbox (obsolete, elevateprivileges, spawn and
 *                         resourcecontrol denied)
 * @param spareRootPorts   extra empty PCIe root ports for hot-plugging
 * @param scsiControllers  virtio-scsi controllers ({@code scsi<n>})
 * @param usb              the xHCI controller and its hubs, if any
 * @param disks            disks ({@code disk<n>} unless given an id)
 * @param nics             NICs ({@code net<n>} unless given an id)
 * @param vfioDevices      PCI pass-through devices ({@code hostdev<n>})
 * @param usbHostDevices   USB pass-through devices ({@code usbhost<n>})
 * @param usbRedirs        USB redirection over TCP ({@code usbredir<n>})
 * @param serials          serial ports ({@code serial<n>})
 * @param parallels        parallel ports ({@code parallel<n>})
 * @param shares           9p shared directories ({@code share<n>})
 * @param balloon          the memory balloon, if any
 * @param rng              the virtio entropy device, if any
 * @param display          remote display and graphics card
 * @param unsafeExtraArgs  raw arguments appended verbatim at the end of the command line: the escape
 *                         hatch; nothing in them is checked or escaped
 */
public record Machine(String name, UUID uuid, String machineType, Accelerator accelerator, Cpu cpu,
                      long memoryMib, Firmware firmware, RtcBase rtcBase, boolean noShutdown, BootOptions boot,
                      Optional<DirectKernelBoot> directKernelBoot, boolean sandbox, int spareRootPorts,
                      List<ScsiController> scsiControllers, Optional<UsbController> usb, List<Disk> disks,
                      List<Nic> nics, List<VfioPci> vfioDevices, List<UsbHost> usbHostDevices,
                      List<UsbRedir> usbRedirs, List<SerialPort> serials, List<ParallelPort> parallels,
                      List<SharedDirectory> shares, Optional<Balloon> balloon, Optional<Rng> rng,
                      Display display, List<String> unsafeExtraArgs) {

    /** Checks every part is present and copies the lists. */
    public Machine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(machineType, "machineType");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(rtcBase, "rtcBase");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(directKernelBoot, "directKernelBoot");
        Objects.requireNonNull(usb, "usb");
        Objects.requireNonNull(balloon, "balloon");
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(display, "display");
        scsiControllers = List.copyOf(scsiControllers);
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
        vfioDevices = List.copyOf(vfioDevices);
        usbHostDevices = List.copyOf(usbHostDevices);
        usbRedirs = List.copyOf(usbRedirs);
        serials = List.copyOf(serials);
        parallels = List.copyOf(parallels);
        shares = List.copyOf(shares);
        unsafeExtraArgs = List.copyOf(unsafeExtraArgs);
    }

    /** A new builder with the defaults: q35, auto accelerator, {@code max} CPU, 1 GiB, SeaBIOS, sandbox on. */
    public static MachineBuilder builder() {
        return new MachineBuilder();
    }

    /** A builder holding this machine's values, to derive a changed copy. */
    public MachineBuilder toBuilder() {
        return new MachineBuilder(this);
    }

    /** Every violation of this machine, empty when it is valid. */
    public List<Violation> violations() {
        return new MachineValidator(this).validate();
    }

    /**
     * Checks the machine.
     *
     * @throws InvalidMachineException listing every violation
     */
    public Machine validate() {
        List<Violation> found = violations();
        if (!found.isEmpty()) {
            throw new InvalidMachineException(found);
        }
        return this;
    }

    /** The id of the disk at {@code index}: its explicit id or {@code disk<index>}. */
    public String diskId(int index) {
        return disks.get(index).id().orElse("disk" + index);
    }

    /** The id of the NIC at {@code index}: its explicit id or {@code net<index>}. */
    public String nicId(int index) {
        return nics.get(index).id().orElse("net" + index);
    }

    /** The id of the vfio-pci device at {@code index}: its explicit id or {@code hostdev<index>}. */
    public String vfioId(int index) {
        return vfioDevices.get(index).id().orElse("hostdev" + index);
    }

    /** The id of the usb-host device at {@code index}: its explicit id or {@code usbhost<index>}. */
    public String usbHostId(int index) {
        return usbHostDevices.get(index).id().orElse("usbhost" + index);
    }

    /**
     * This machine with every disk, NIC, vfio-pci and usb-host device carrying its explicit id, so ids
     * stay stable when devices are later removed (the launcher keeps this form of a running machine).
     */
    public Machine withResolvedIds() {
        MachineBuilder b = toBuilder().clearDisks().clearNics().clearVfioDevices().clearUsbHostDevices();
        for (int i = 0; i < disks.size(); i++) {
            b.disk(disks.get(i).withId(diskId(i)));
        }
        for (int i = 0; i < nics.size(); i++) {
            b.nic(nics.get(i).withId(nicId(i)));
        }
        for (int i = 0; i < vfioDevices.size(); i++) {
            b.vfio(vfioDevices.get(i).withId(vfioId(i)));
        }
        for (int i = 0; i < usbHostDevices.size(); i++) {
            b.usbHost(usbHostDevices.get(i).withId(usbHostId(i)));
        }
        return b.buildUnchecked();
    }
}
