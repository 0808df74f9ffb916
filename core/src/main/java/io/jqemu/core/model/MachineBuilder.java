package io.jqemu.core.model;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Fluent builder for {@link Machine}. {@link #build()} validates everything and reports every problem
 * at once in an {@link InvalidMachineException}.
 */
public final class MachineBuilder {
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private String name = "";
    private Optional<String> uuid = Optional.empty();
    private String machineType = "q35";
    private Accelerator accelerator = Accelerator.AUTO;
    private Cpu cpu = Cpu.DEFAULT;
    private long memoryMib = 1024;
    private MemoryBacking memoryBacking = MemoryBacking.DEFAULT;
    private boolean lockMemory;
    private final List<String> iothreads = new ArrayList<>();
    private CpuPinning cpuPinning = CpuPinning.NONE;
    private Firmware firmware = new Firmware.SeaBios();
    private RtcBase rtcBase = RtcBase.UTC;
    private boolean noShutdown;
    private BootOptions boot = BootOptions.DEFAULT;
    private Optional<DirectKernelBoot> directKernelBoot = Optional.empty();
    private boolean sandbox = true;
    private int spareRootPorts = 4;
    private final List<Device> devices = new ArrayList<>();
    private Display display = Display.HEADLESS;
    private final List<String> unsafeExtraArgs = new ArrayList<>();
    private Optional<String> runAs = Optional.empty();

    MachineBuilder() {
    }

    MachineBuilder(Machine m) {
        name = m.name();
        uuid = Optional.of(m.uuid().toString());
        machineType = m.machineType();
        accelerator = m.accelerator();
        cpu = m.cpu();
        memoryMib = m.memoryMib();
        memoryBacking = m.memoryBacking();
        lockMemory = m.lockMemory();
        iothreads.addAll(m.iothreads());
        cpuPinning = m.cpuPinning();
        firmware = m.firmware();
        rtcBase = m.rtcBase();
        noShutdown = m.noShutdown();
        boot = m.boot();
        directKernelBoot = m.directKernelBoot();
        sandbox = m.sandbox();
        spareRootPorts = m.spareRootPorts();
        devices.addAll(m.devices());
        display = m.display();
        unsafeExtraArgs.addAll(m.unsafeExtraArgs());
        runAs = m.runAs();
    }

    /** Sets the VM name (required). */
    public MachineBuilder name(String value) {
        this.name = Objects.requireNonNull(value);
        return this;
    }

    /** Sets the UUID from its text form; a malformed one is reported by {@link #build()} as {@code uuid}. */
    public MachineBuilder uuid(String value) {
        this.uuid = Optional.of(value);
        return this;
    }

    /** Sets the UUID. Without one, the UUID is derived from the name (name-based, type 3). */
    public MachineBuilder uuid(UUID value) {
        this.uuid = Optional.of(value.toString());
        return this;
    }

    /** Sets the machine type, e.g. {@code q35} (default) or {@code pc-q35-7.2}. */
    public MachineBuilder machineType(String value) {
        this.machineType = Objects.requireNonNull(value);
        return this;
    }

    /** Sets the accelerator (default AUTO). */
    public MachineBuilder accelerator(Accelerator value) {
        this.accelerator = Objects.requireNonNull(value);
        return this;
    }

    /** Sets the CPU model and topology. */
    public MachineBuilder cpu(String model, int sockets, int cores, int threads) {
        this.cpu = new Cpu(model, sockets, cores, threads);
        return this;
    }

    /** Sets the CPU model and topology. */
    public MachineBuilder cpu(Cpu value) {
        this.cpu = Objects.requireNonNull(value);
        return this;
    }

    /** Sets the memory in MiB. */
    public MachineBuilder memoryMib(long value) {
        this.memoryMib = value;
        return this;
    }

    /** Sets where guest RAM comes from (default {@link MemoryBacking.Anonymous}). */
    public MachineBuilder memoryBacking(MemoryBacking value) {
        this.memoryBacking = Objects.requireNonNull(value);
        return this;
    }

    /** Locks guest and QEMU memory in host RAM ({@code -overcommit mem-lock=on}; default off). */
    public MachineBuilder lockMemory(boolean value) {
        this.lockMemory = value;
        return this;
    }

    /** Declares an iothread named {@code name} ({@code -object iothread,id=name}). */
    public MachineBuilder iothread(String name) {
        iothreads.add(Objects.requireNonNull(name));
        return this;
    }

    /** Removes every iothread. */
    public MachineBuilder clearIothreads() {
        iothreads.clear();
        return this;
    }

    /** Sets which host CPUs QEMU's threads may run on (default {@link CpuPinning#NONE}). */
    public MachineBuilder cpuPinning(CpuPinning value) {
        this.cpuPinning = Objects.requireNonNull(value);
        return this;
    }

    /** Sets the firmware. */
    public MachineBuilder firmware(Firmware value) {
        this.firmware = Objects.requireNonNull(value);
        return this;
    }

    /** Uses OVMF with the given code image and vars template. */
    public MachineBuilder ovmf(String codePath, String varsTemplatePath) {
        return firmware(Firmware.ovmf(codePath, varsTemplatePath));
    }

    /** Sets the RTC base (default UTC). */
    public MachineBuilder rtcBase(RtcBase value) {
        this.rtcBase = Objects.requireNonNull(value);
        return this;
    }

    /** Keeps QEMU alive (stopped) after the guest powers off. */
    public MachineBuilder noShutdown(boolean value) {
        this.noShutdown = value;
        return this;
    }

    /** Sets the boot menu and strictness. */
    public MachineBuilder boot(boolean menu, boolean strict) {
        this.boot = new BootOptions(menu, strict);
        return this;
    }

    /** Boots this kernel image (with its initrd and command line, if set) directly instead of from a disk. */
    public MachineBuilder directKernelBoot(DirectKernelBoot value) {
        this.directKernelBoot = Optional.of(value);
        return this;
    }

    /** Boots the kernel at {@code kernel} directly, with no initrd and no command line. */
    public MachineBuilder directKernelBoot(String kernel) {
        return directKernelBoot(DirectKernelBoot.kernel(kernel));
    }

    /** Boots the kernel at {@code kernel} directly with the initrd at {@code initrd} and the command line {@code cmdline}. */
    public MachineBuilder directKernelBoot(String kernel, String initrd, String cmdline) {
        return directKernelBoot(DirectKernelBoot.kernel(kernel).withInitrd(initrd).withCmdline(cmdline));
    }

    /** Removes the direct kernel boot: the firmware boots from the machine's devices again. */
    public MachineBuilder clearDirectKernelBoot() {
        this.directKernelBoot = Optional.empty();
        return this;
    }

    /** Turns the seccomp sandbox on (default) or off. */
    public MachineBuilder sandbox(boolean value) {
        this.sandbox = value;
        return this;
    }

    /**
     * Runs QEMU as host user {@code user} ({@code -runas}): QEMU opens its files, taps and devices as the
     * launching user (root), then drops to {@code user}; the launcher hands that user the taps it creates,
     * the VM's runtime directory, its OVMF vars file and its vfio group nodes.
     */
    public MachineBuilder runAs(String user) {
        this.runAs = Optional.of(user);
        return this;
    }

    /** Sets how many empty PCIe root ports are kept for hot-plugging (default 4). */
    public MachineBuilder spareRootPorts(int value) {
        this.spareRootPorts = value;
        return this;
    }

    /**
     * Adds a device of any kind; a device of a kind the machine has at most one of ({@link Device#single()})
     * replaces the one it has.
     */
    public MachineBuilder device(Device value) {
        Objects.requireNonNull(value);
        if (value.single()) {
            devices.removeIf(value.getClass()::isInstance);
        }
        devices.add(value);
        return this;
    }

    /** Adds devices of any kind, in order (see {@link #device(Device)}). */
    public MachineBuilder devices(Collection<? extends Device> values) {
        values.forEach(this::device);
        return this;
    }

    /** Adds a virtio-scsi controller. */
    public MachineBuilder scsiController(ScsiController value) {
        return device(value);
    }

    /** Adds a virtio-scsi controller with default settings. */
    public MachineBuilder virtioScsi() {
        return scsiController(ScsiController.virtioScsi());
    }

    /** Sets the USB controller. */
    public MachineBuilder usb(UsbController value) {
        return device(value);
    }

    /** Adds a disk. */
    public MachineBuilder disk(Disk value) {
        return device(value);
    }

    /** Adds a disk from its builder. */
    public MachineBuilder disk(Disk.Builder value) {
        return disk(value.build());
    }

    /** Adds a CD-ROM drive. */
    public MachineBuilder cdrom(Cdrom value) {
        return device(value);
    }

    /** Adds a CD-ROM drive from its builder. */
    public MachineBuilder cdrom(Cdrom.Builder value) {
        return cdrom(value.build());
    }

    /** Sets the cloud-init seed. */
    public MachineBuilder cloudInit(CloudInit value) {
        return device(value);
    }

    /** Adds a NIC. */
    public MachineBuilder nic(Nic value) {
        return device(value);
    }

    /** Adds a vfio-pci device. */
    public MachineBuilder vfio(VfioPci value) {
        return device(value);
    }

    /** Adds a usb-host device. */
    public MachineBuilder usbHost(UsbHost value) {
        return device(value);
    }

    /** Adds a USB redirection. */
    public MachineBuilder usbRedir(UsbRedir value) {
        return device(value);
    }

    /** Adds a serial port. */
    public MachineBuilder serial(CharBackend backend) {
        return device(new SerialPort(backend));
    }

    /** Adds a parallel port. */
    public MachineBuilder parallel(CharBackend backend) {
        return device(new ParallelPort(backend));
    }

    /** Adds a 9p shared directory. */
    public MachineBuilder share(SharedDirectory value) {
        return device(value);
    }

    /** Adds the memory balloon. */
    public MachineBuilder balloon(Balloon value) {
        return device(value);
    }

    /** Adds the virtio entropy device. */
    public MachineBuilder rng(Rng value) {
        return device(value);
    }

    /** Adds a virtiofs share ({@link VirtiofsShare}); the machine's memory must be shared. */
    public MachineBuilder virtiofs(VirtiofsShare value) {
        return device(value);
    }

    /** Adds a TPM 2.0 emulated by swtpm ({@link Tpm}). */
    public MachineBuilder tpm() {
        return device(new Tpm());
    }

    /** Sets the display and graphics card. */
    public MachineBuilder display(Display value) {
        this.display = Objects.requireNonNull(value);
        return this;
    }

    /** Appends raw arguments verbatim (unchecked, unescaped): use only for what the model lacks. */
    public MachineBuilder unsafeExtraArgs(Collection<String> values) {
        unsafeExtraArgs.addAll(values);
        return this;
    }

    /** Removes every device. */
    public MachineBuilder clearDevices() {
        devices.clear();
        return this;
    }

    /** Removes every device of one kind. */
    public MachineBuilder clearDevices(Class<? extends Device> kind) {
        devices.removeIf(kind::isInstance);
        return this;
    }

    /** Removes every disk. */
    public MachineBuilder clearDisks() {
        return clearDevices(Disk.class);
    }

    /** Removes every NIC. */
    public MachineBuilder clearNics() {
        return clearDevices(Nic.class);
    }

    /** Removes every vfio-pci device. */
    public MachineBuilder clearVfioDevices() {
        return clearDevices(VfioPci.class);
    }

    /** Removes every usb-host device. */
    public MachineBuilder clearUsbHostDevices() {
        return clearDevices(UsbHost.class);
    }

    /** Removes every USB redirection. */
    public MachineBuilder clearUsbRedirs() {
        return clearDevices(UsbRedir.class);
    }

    /** Removes every serial port. */
    public MachineBuilder clearSerials() {
        return clearDevices(SerialPort.class);
    }

    /** Removes every parallel port. */
    public MachineBuilder clearParallels() {
        return clearDevices(ParallelPort.class);
    }

    /** Removes every shared directory. */
    public MachineBuilder clearShares() {
        return clearDevices(SharedDirectory.class);
    }

    /**
     * Builds and validates the machine.
     *
     * @throws InvalidMachineException listing every violation, each with its field path
     */
    public Machine build() {
        List<Violation> found = new ArrayList<>();
        UUID parsed = parseUuid(found);
        Machine machine = assemble(parsed);
        found.addAll(machine.violations());
        if (!found.isEmpty()) {
            throw new InvalidMachineException(found);
        }
        return machine;
    }

    Machine buildUnchecked() {
        return assemble(parseUuid(new ArrayList<>()));
    }

    private UUID parseUuid(List<Violation> found) {
        if (uuid.isEmpty()) {
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        }
        String text = uuid.get();
        if (!UUID_FORMAT.matcher(text).matches()) {
            found.add(new Violation("uuid", "'" + text + "' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hex)"));
            return new UUID(0, 0);
        }
        return UUID.fromString(text);
    }

    private Machine assemble(UUID id) {
        return new Machine(name, id, machineType, accelerator, cpu, memoryMib, memoryBacking, lockMemory,
                iothreads, cpuPinning, firmware, rtcBase, noShutdown, boot,
                directKernelBoot, sandbox, spareRootPorts, devices, display, unsafeExtraArgs, runAs);
    }
}
