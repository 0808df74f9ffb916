package io.jqemu.core.model;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import java.util.ArrayList;
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
 * @param memoryBacking    where guest RAM comes from (default {@link MemoryBacking.Anonymous})
 * @param lockMemory       lock guest and QEMU memory in host RAM ({@code -overcommit mem-lock=on}): never swapped
 * @param iothreads        the names of the machine's iothreads ({@code -object iothread}), in order; virtio-scsi
 *                         controllers and virtio-blk disks name the one that runs their I/O
 * @param cpuPinning       the host CPUs QEMU's vCPU, emulator and iothread threads may run on
 * @param firmware         SeaBIOS or OVMF
 * @param rtcBase          what the RTC starts from
 * @param noShutdown       keep QEMU running (stopped) after the guest powers off ({@code -no-shutdown})
 * @param boot             boot menu and strictness
 * @param directKernelBoot a kernel (and initrd, command line) QEMU loads itself, if any
 * @param sandbox          enable QEMU's seccomp sandbox (obsolete, elevateprivileges, spawn and
 *                         resourcecontrol denied)
 * @param spareRootPorts   extra empty PCIe root ports for hot-plugging
 * @param devices          every device ({@link Device}), kept grouped by kind in {@link Device#KINDS}
 *                         order (the command line's), devices of one kind in the order given
 * @param display          remote display and graphics card
 * @param unsafeExtraArgs  raw arguments appended verbatim at the end of the command line: the escape
 *                         hatch; nothing in them is checked or escaped
 * @param runAs            the host user QEMU switches to once it has opened what it needs ({@code -runas}),
 *                         or empty to keep the launching user
 */
public record Machine(String name, UUID uuid, String machineType, Accelerator accelerator, Cpu cpu,
                      long memoryMib, MemoryBacking memoryBacking, boolean lockMemory,
                      List<String> iothreads, CpuPinning cpuPinning,
                      Firmware firmware, RtcBase rtcBase, boolean noShutdown, BootOptions boot,
                      Optional<DirectKernelBoot> directKernelBoot, boolean sandbox, int spareRootPorts,
                      List<Device> devices, Display display, List<String> unsafeExtraArgs,
                      Optional<String> runAs) {

    /** Requires every part and copies the lists. */
    public Machine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(machineType, "machineType");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memoryBacking, "memoryBacking");
        iothreads = List.copyOf(iothreads);
        Objects.requireNonNull(cpuPinning, "cpuPinning");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(rtcBase, "rtcBase");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(directKernelBoot, "directKernelBoot");
        Objects.requireNonNull(display, "display");
        List<Device> given = List.copyOf(devices);
        devices = Device.KINDS.stream()
                .flatMap(kind -> given.stream().filter(kind::isInstance).map(Device.class::cast))
                .toList();
        unsafeExtraArgs = List.copyOf(unsafeExtraArgs);
        Objects.requireNonNull(runAs, "runAs");
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

    /** The devices of one kind, in the order given. */
    public <D extends Device> List<D> devices(Class<D> kind) {
        return devices.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The only device of a kind a machine has at most one of, if present. */
    public <D extends Device> Optional<D> device(Class<D> kind) {
        return devices.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    /** Every device with its index, path and id, in command-line order ({@link Device#KINDS}). */
    public List<PlacedDevice> placedDevices() {
        List<PlacedDevice> placed = new ArrayList<>();
        for (Class<? extends Device> kind : Device.KINDS) {
            List<? extends Device> ofKind = devices(kind);
            for (int i = 0; i < ofKind.size(); i++) {
                Device d = ofKind.get(i);
                String path = d.single() ? d.field() : d.field() + "[" + i + "]";
                placed.add(new PlacedDevice(d, i, path, d.id().orElse(d.defaultId(i))));
            }
        }
        return List.copyOf(placed);
    }

    /** The device with {@code id}, if any. */
    public Optional<PlacedDevice> placedDevice(String id) {
        return placedDevices().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The virtio-scsi controllers ({@code scsi<n>}). */
    public List<ScsiController> scsiControllers() {
        return devices(ScsiController.class);
    }

    /** The xHCI controller and its hubs, if any. */
    public Optional<UsbController> usb() {
        return device(UsbController.class);
    }

    /** The disks ({@code disk<n>} unless given an id). */
    public List<Disk> disks() {
        return devices(Disk.class);
    }

    /** The NICs ({@code net<n>} unless given an id). */
    public List<Nic> nics() {
        return devices(Nic.class);
    }

    /** The PCI pass-through devices ({@code hostdev<n>} unless given an id). */
    public List<VfioPci> vfioDevices() {
        return devices(VfioPci.class);
    }

    /** The USB pass-through devices ({@code usbhost<n>} unless given an id). */
    public List<UsbHost> usbHostDevices() {
        return devices(UsbHost.class);
    }

    /** USB redirection over TCP ({@code usbredir<n>}). */
    public List<UsbRedir> usbRedirs() {
        return devices(UsbRedir.class);
    }

    /** The serial ports ({@code serial<n>}). */
    public List<SerialPort> serials() {
        return devices(SerialPort.class);
    }

    /** The parallel ports ({@code parallel<n>}). */
    public List<ParallelPort> parallels() {
        return devices(ParallelPort.class);
    }

    /** The 9p shared directories ({@code share<n>}). */
    public List<SharedDirectory> shares() {
        return devices(SharedDirectory.class);
    }

    /** The memory balloon, if any. */
    public Optional<Balloon> balloon() {
        return device(Balloon.class);
    }

    /** The virtio entropy device, if any. */
    public Optional<Rng> rng() {
        return device(Rng.class);
    }

    /** The virtiofs shares ({@code fs<n>}). */
    public List<VirtiofsShare> virtiofsShares() {
        return devices(VirtiofsShare.class);
    }

    /** The TPM, if the machine has one. */
    public Optional<Tpm> tpm() {
        return device(Tpm.class);
    }

    /** The id of the disk at {@code index}: its explicit id or {@code disk<index>}. */
    public String diskId(int index) {
        return idOf(disks(), index);
    }

    /** The id of the NIC at {@code index}: its explicit id or {@code net<index>}. */
    public String nicId(int index) {
        return idOf(nics(), index);
    }

    /** The id of the vfio-pci device at {@code index}: its explicit id or {@code hostdev<index>}. */
    public String vfioId(int index) {
        return idOf(vfioDevices(), index);
    }

    /** The id of the usb-host device at {@code index}: its explicit id or {@code usbhost<index>}. */
    public String usbHostId(int index) {
        return idOf(usbHostDevices(), index);
    }

    private static String idOf(List<? extends Device> ofKind, int index) {
        Device d = ofKind.get(index);
        return d.id().orElse(d.defaultId(index));
    }

    /**
     * This machine with every device that takes a user id carrying its id explicitly, so ids stay
     * stable when devices are later removed (the launcher keeps this form of a running machine).
     */
    public Machine withResolvedIds() {
        List<Device> resolved = new ArrayList<>();
        for (PlacedDevice p : placedDevices()) {
            resolved.add(p.device().userIds() ? p.device().withId(p.id()) : p.device());
        }
        return toBuilder().clearDevices().devices(resolved).buildUnchecked();
    }
}
