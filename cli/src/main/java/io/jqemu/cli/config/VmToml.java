package io.jqemu.cli.config;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.AioMode;
import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.BootOptions;
import io.jqemu.core.model.CacheMode;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.DetectZeroes;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.NicModel;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.Rng;
import io.jqemu.core.model.RtcBase;
import io.jqemu.core.model.ScsiController;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.UsbHub;
import io.jqemu.core.model.UsbRedir;
import io.jqemu.core.model.VfioPci;
import io.jqemu.core.model.Vga;
import io.jqemu.core.model.VhostMode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * vm.toml to {@link Machine}: one TOML key per model field (snake case), sealed model types as a
 * table with a {@code type} key. Every problem (syntax, unknown key, wrong type, invalid value,
 * and the model's own validation) is reported at once with its {@code file:line:column}; see
 * {@code docs/vm-toml.md}.
 */
public final class VmToml {

    private static final int MAX_INT = Integer.MAX_VALUE;

    private VmToml() {
    }

    /**
     * Reads {@code file} into a validated machine, expanding {@code ${NAME}} from the environment.
     *
     * @throws InvalidConfigException with every problem found
     */
    public static Machine read(Path file) {
        return read(file, Variables.environment());
    }

    /** Reads {@code file}, expanding {@code ${NAME}} from {@code variables}. */
    public static Machine read(Path file, Variables variables) {
        return load(file, variables).machine();
    }

    /**
     * Reads {@code file} like {@link #read(Path, Variables)}, keeping the positions of its fields.
     *
     * @throws InvalidConfigException with every problem found
     */
    public static LoadedVm load(Path file, Variables variables) {
        TomlDocument document = TomlDocument.read(file, variables);
        return new LoadedVm(toMachine(document), document.problems().positions());
    }

    /** Parses {@code text} (named {@code fileName} in problem positions). */
    public static Machine parse(String fileName, String text, Variables variables) {
        return toMachine(TomlDocument.parse(fileName, text, variables));
    }

    /**
     * One device written as the keys of a table of vm.toml ({@code disks}, {@code nics}...), what
     * {@code jqemu attach} sends to a VM.
     *
     * @throws InvalidConfigException naming the table and every problem
     */
    public static io.jqemu.core.model.Device device(String table, String tomlTable) {
        return switch (table) {
            case "disks" -> disk(table, tomlTable);
            case "nics" -> nic(table, tomlTable);
            default -> throw new IllegalArgumentException("no device table '" + table + "' can be attached");
        };
    }

    /**
     * One disk written as the keys of a {@code [[disks]]} table (what {@code jqemu attach NAME disk}
     * sends to the VM).
     *
     * @throws InvalidConfigException naming {@code origin} and every problem
     */
    public static Disk disk(String origin, String tomlTable) {
        TomlDocument document = TomlDocument.parse(origin, tomlTable, Variables.of(Map.of()));
        Optional<Disk> disk = disk(document.root());
        document.problems().throwIfAny();
        return disk.orElseThrow();
    }

    /** One NIC written as the keys of a {@code [[nics]]} table. */
    public static Nic nic(String origin, String tomlTable) {
        TomlDocument document = TomlDocument.parse(origin, tomlTable, Variables.of(Map.of()));
        Optional<Nic> nic = nic(document.root());
        document.problems().throwIfAny();
        return nic.orElseThrow();
    }

    private static Machine toMachine(TomlDocument document) {
        Problems problems = document.problems();
        MachineBuilder builder = Machine.builder();
        machine(document.root(), builder);
        try {
            Machine machine = builder.build();
            problems.throwIfAny();
            return machine;
        } catch (InvalidMachineException invalid) {
            for (Violation violation : invalid.violations()) {
                String path = tomlPath(violation.path());
                if (!problems.reportedAtOrUnder(path) && !problems.reportedAtOrAbove(path)) {
                    problems.atValue(path, violation.message());
                }
            }
            problems.throwIfAny();
            throw invalid;
        }
    }

    /** A model field path ({@code disks[1].bootIndex}) in vm.toml spelling ({@code disks[1].boot_index}). */
    public static String tomlPath(String modelPath) {
        StringBuilder out = new StringBuilder(modelPath.length() + 8);
        for (int i = 0; i < modelPath.length(); i++) {
            char c = modelPath.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---- the machine ----

    private static void machine(TomlTable t, MachineBuilder b) {
        t.requiredString("name").ifPresent(b::name);
        t.string("uuid").ifPresent(b::uuid);
        t.string("machine_type").ifPresent(b::machineType);
        t.choice("accelerator", Accelerator.class).ifPresent(b::accelerator);
        t.table("cpu").flatMap(VmToml::cpu).ifPresent(b::cpu);
        t.integer("memory_mib", 1, Long.MAX_VALUE).ifPresent(b::memoryMib);
        t.table("firmware").flatMap(VmToml::firmware).ifPresent(b::firmware);
        t.table("direct_kernel_boot").flatMap(VmToml::directKernelBoot).ifPresent(b::directKernelBoot);
        t.choice("rtc_base", RtcBase.class).ifPresent(b::rtcBase);
        t.bool("no_shutdown").ifPresent(b::noShutdown);
        t.table("boot").map(VmToml::boot).ifPresent(o -> b.boot(o.menu(), o.strict()));
        t.bool("sandbox").ifPresent(b::sandbox);
        t.integer("spare_root_ports", 0, MAX_INT).ifPresent(n -> b.spareRootPorts(n.intValue()));
        for (TomlTable c : t.tables("scsi_controllers")) {
            b.scsiController(new ScsiController(c.integer("num_queues", 1, MAX_INT).map(Long::intValue)));
            c.finish();
        }
        t.table("usb").map(VmToml::usb).ifPresent(b::usb);
        t.tables("disks").forEach(d -> disk(d).ifPresent(b::disk));
        t.tables("nics").forEach(n -> nic(n).ifPresent(b::nic));
        t.tables("vfio_devices").forEach(v -> vfio(v).ifPresent(b::vfio));
        t.tables("usb_host_devices").forEach(u -> usbHost(u).ifPresent(b::usbHost));
        t.tables("usb_redirs").forEach(u -> usbRedir(u).ifPresent(b::usbRedir));
        for (TomlTable s : t.tables("serials")) {
            s.table("backend").flatMap(VmToml::charBackend).ifPresent(b::serial);
            s.require("backend");
            s.finish();
        }
        for (TomlTable p : t.tables("parallels")) {
            p.table("backend").flatMap(VmToml::charBackend).ifPresent(b::parallel);
            p.require("backend");
            p.finish();
        }
        t.tables("shares").forEach(s -> share(s).ifPresent(b::share));
        t.table("balloon").map(VmToml::balloon).ifPresent(b::balloon);
        t.table("rng").map(VmToml::rng).ifPresent(b::rng);
        t.table("display").flatMap(VmToml::display).ifPresent(b::display);
        b.unsafeExtraArgs(t.strings("unsafe_extra_args"));
        t.finish();
    }

    private static Optional<Cpu> cpu(TomlTable t) {
        Cpu d = Cpu.DEFAULT;
        Cpu cpu = new Cpu(t.string("model").orElse(d.model()),
                t.integer("sockets", 1, MAX_INT).map(Long::intValue).orElse(d.sockets()),
                t.integer("cores", 1, MAX_INT).map(Long::intValue).orElse(d.cores()),
                t.integer("threads", 1, MAX_INT).map(Long::intValue).orElse(d.threads()));
        t.finish();
        return Optional.of(cpu);
    }

    private static Optional<Firmware> firmware(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<Firmware> firmware = switch (type.orElse("")) {
            case "seabios" -> Optional.of(Firmware.seaBios());
            case "ovmf" -> {
                Optional<String> code = t.requiredString("code_path");
                Optional<String> vars = t.string("vars_template");
                yield code.map(c -> new Firmware.Ovmf(c, vars));
            }
            default -> unknownType(t, type, "seabios", "ovmf");
        };
        t.finish();
        return firmware;
    }

    /** {@code [direct_kernel_boot]}: a kernel (required), an optional initrd and command line. */
    private static Optional<DirectKernelBoot> directKernelBoot(TomlTable t) {
        Optional<String> kernel = t.requiredString("kernel");
        Optional<String> initrd = t.string("initrd");
        Optional<String> cmdline = t.string("cmdline");
        t.finish();
        return kernel.map(k -> new DirectKernelBoot(k, initrd, cmdline));
    }

    private static BootOptions boot(TomlTable t) {
        BootOptions options = new BootOptions(t.bool("menu").orElse(BootOptions.DEFAULT.menu()),
                t.bool("strict").orElse(BootOptions.DEFAULT.strict()));
        t.finish();
        return options;
    }

    private static UsbController usb(TomlTable t) {
        List<UsbHub> hubs = new ArrayList<>();
        for (TomlTable h : t.tables("hubs")) {
            h.requiredString("port").map(UsbHub::new).ifPresent(hubs::add);
            h.finish();
        }
        t.finish();
        return new UsbController(hubs);
    }

    // ---- disks ----

    private static Optional<Disk> disk(TomlTable t) {
        Optional<Disk.Builder> source = diskSource(t);
        Disk.Builder b = source.orElse(Disk.imageFile(""));
        t.choice("format", DiskFormat.class).ifPresent(b::format);
        t.bool("read_only").ifPresent(b::readOnly);
        t.choice("cache", CacheMode.class).ifPresent(b::cache);
        t.choice("aio", AioMode.class).ifPresent(b::aio);
        t.choice("discard", DiscardMode.class).ifPresent(b::discard);
        t.choice("detect_zeroes", DetectZeroes.class).ifPresent(b::detectZeroes);
        t.table("attachment").flatMap(VmToml::attachment).ifPresent(b::attachment);
        t.integer("boot_index", 0, MAX_INT).ifPresent(i -> b.bootIndex(i.intValue()));
        t.string("id").ifPresent(b::id);
        t.finish();
        return source.map(s -> b.build());
    }

    /** The disk's {@code path}, opened as {@code source} says (an image file unless told otherwise). */
    private static Optional<Disk.Builder> diskSource(TomlTable t) {
        Optional<String> path = t.requiredString("path");
        Optional<String> source = t.string("source");
        return switch (source.orElse("image-file")) {
            case "image-file" -> path.map(Disk::imageFile);
            case "host-block-device" -> path.map(Disk::hostDevice);
            default -> {
                t.problems().atValue(t.pathOf("source"), "'" + source.get()
                        + "' is not one of 'image-file', 'host-block-device'");
                yield Optional.empty();
            }
        };
    }

    private static Optional<DiskAttachment> attachment(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<DiskAttachment> attachment = switch (type.orElse("")) {
            case "virtio-blk" -> Optional.of(new DiskAttachment.VirtioBlk());
            case "scsi-hd" -> Optional.of(new DiskAttachment.ScsiHd(intOr(t, "controller", 0), intOr(t, "target", 0),
                    intOr(t, "lun", 0)));
            case "scsi-block" -> Optional.of(new DiskAttachment.ScsiBlock(intOr(t, "controller", 0),
                    intOr(t, "target", 0), intOr(t, "lun", 0)));
            case "ide-hd" -> Optional.of(new DiskAttachment.IdeHd(intOr(t, "port", 0)));
            case "usb-storage" -> Optional.of(new DiskAttachment.UsbStorage(t.string("port"),
                    t.bool("removable").orElse(false)));
            default -> unknownType(t, type, "virtio-blk", "scsi-hd", "scsi-block", "ide-hd", "usb-storage");
        };
        t.finish();
        return attachment;
    }

    // ---- network ----

    private static Optional<Nic> nic(TomlTable t) {
        Optional<NicBackend> backend = t.table("backend").flatMap(VmToml::nicBackend);
        t.require("backend");
        NicModel model = t.choice("model", NicModel.class).orElse(NicModel.VIRTIO_NET_PCI);
        Optional<String> mac = t.string("mac");
        Optional<Integer> bootIndex = t.integer("boot_index", 0, MAX_INT).map(Long::intValue);
        Optional<String> id = t.string("id");
        t.finish();
        return backend.map(be -> new Nic(be, model, mac, bootIndex, id));
    }

    private static Optional<NicBackend> nicBackend(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<NicBackend> backend = switch (type.orElse("")) {
            case "user" -> {
                List<PortForward> forwards = new ArrayList<>();
                t.tables("forwards").forEach(f -> portForward(f).ifPresent(forwards::add));
                yield Optional.of(new NicBackend.User(forwards));
            }
            case "existing-tap" -> {
                Optional<String> ifname = t.requiredString("ifname");
                VhostMode vhost = vhost(t);
                yield ifname.map(i -> new NicBackend.ExistingTap(i, vhost));
            }
            case "bridged-tap" -> {
                Optional<String> bridge = t.requiredString("bridge");
                Optional<String> ifname = t.string("ifname");
                VhostMode vhost = vhost(t);
                yield bridge.map(br -> new NicBackend.BridgedTap(br, ifname, vhost));
            }
            case "macvtap" -> {
                Optional<String> parent = t.requiredString("parent");
                MacvtapMode mode = t.choice("mode", MacvtapMode.class).orElse(MacvtapMode.BRIDGE);
                Optional<String> ifname = t.string("ifname");
                VhostMode vhost = vhost(t);
                yield parent.map(p -> new NicBackend.Macvtap(p, mode, ifname, vhost));
            }
            default -> unknownType(t, type, "user", "existing-tap", "bridged-tap", "macvtap");
        };
        t.finish();
        return backend;
    }

    private static VhostMode vhost(TomlTable t) {
        return t.choice("vhost", VhostMode.class).orElse(VhostMode.AUTO);
    }

    private static Optional<PortForward> portForward(TomlTable t) {
        PortForward.Protocol protocol = t.choice("protocol", PortForward.Protocol.class).orElse(PortForward.Protocol.TCP);
        Optional<String> hostAddress = t.string("host_address");
        Optional<Long> hostPort = t.integer("host_port", 0, 65535);
        t.require("host_port");
        Optional<String> guestAddress = t.string("guest_address");
        Optional<Long> guestPort = t.integer("guest_port", 0, 65535);
        t.require("guest_port");
        t.finish();
        if (hostPort.isEmpty() || guestPort.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PortForward(protocol, hostAddress, hostPort.get().intValue(), guestAddress,
                guestPort.get().intValue()));
    }

    // ---- pass-through ----

    private static Optional<VfioPci> vfio(TomlTable t) {
        Optional<String> host = t.requiredString("host_address");
        Optional<String> guest = t.string("guest_address");
        boolean multifunction = t.bool("multifunction").orElse(false);
        Optional<Boolean> rombar = t.bool("rombar");
        boolean xVga = t.bool("x_vga").orElse(false);
        Optional<Integer> bootIndex = t.integer("boot_index", 0, MAX_INT).map(Long::intValue);
        Optional<String> id = t.string("id");
        t.finish();
        return host.map(h -> new VfioPci(h, guest, multifunction, rombar, xVga, bootIndex, id));
    }

    private static Optional<UsbHost> usbHost(TomlTable t) {
        Optional<UsbHost.Selector> selector = t.table("selector").flatMap(VmToml::usbSelector);
        t.require("selector");
        Optional<String> port = t.string("port");
        Optional<String> id = t.string("id");
        t.finish();
        return selector.map(s -> new UsbHost(s, port, id));
    }

    private static Optional<UsbHost.Selector> usbSelector(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<UsbHost.Selector> selector = switch (type.orElse("")) {
            case "by-ids" -> {
                Optional<Long> vendor = t.integer("vendor_id", 0, 0xffff);
                Optional<Long> product = t.integer("product_id", 0, 0xffff);
                t.require("vendor_id");
                t.require("product_id");
                yield vendor.flatMap(v -> product.map(p -> new UsbHost.Selector.ByIds(v.intValue(), p.intValue())));
            }
            case "by-address" -> {
                Optional<Long> bus = t.integer("host_bus", 0, MAX_INT);
                Optional<Long> address = t.integer("host_address", 0, MAX_INT);
                t.require("host_bus");
                t.require("host_address");
                yield bus.flatMap(b -> address.map(a -> new UsbHost.Selector.ByAddress(b.intValue(), a.intValue())));
            }
            default -> unknownType(t, type, "by-ids", "by-address");
        };
        t.finish();
        return selector;
    }

    private static Optional<UsbRedir> usbRedir(TomlTable t) {
        Optional<String> host = t.requiredString("host");
        Optional<Long> port = t.integer("port", 1, 65535);
        t.require("port");
        Optional<String> usbPort = t.string("usb_port");
        t.finish();
        return host.flatMap(h -> port.map(p -> new UsbRedir(h, p.intValue(), usbPort)));
    }

    // ---- character devices, shares, balloon, display ----

    private static Optional<CharBackend> charBackend(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<CharBackend> backend = switch (type.orElse("")) {
            case "pty" -> Optional.of(new CharBackend.Pty());
            case "unix-socket" -> Optional.of(new CharBackend.UnixSocket(t.string("path")));
            case "tcp-client" -> hostPort(t).map(hp -> new CharBackend.TcpClient(hp.host(), hp.port()));
            case "tcp-server" -> hostPort(t).map(hp -> new CharBackend.TcpServer(hp.host(), hp.port()));
            case "file-output" -> t.requiredString("path").map(CharBackend.FileOutput::new);
            case "host-device" -> t.requiredString("path").map(CharBackend.HostDevice::new);
            default -> unknownType(t, type, "pty", "unix-socket", "tcp-client", "tcp-server", "file-output",
                    "host-device");
        };
        t.finish();
        return backend;
    }

    private record HostPort(String host, int port) { }

    private static Optional<HostPort> hostPort(TomlTable t) {
        Optional<String> host = t.requiredString("host");
        Optional<Long> port = t.integer("port", 0, 65535);
        t.require("port");
        return host.flatMap(h -> port.map(p -> new HostPort(h, p.intValue())));
    }

    private static Optional<SharedDirectory> share(TomlTable t) {
        Optional<String> hostPath = t.requiredString("host_path");
        Optional<String> mountTag = t.requiredString("mount_tag");
        SharedDirectory.SecurityModel model = t.choice("security_model", SharedDirectory.SecurityModel.class)
                .orElse(SharedDirectory.SecurityModel.MAPPED_XATTR);
        boolean readOnly = t.bool("read_only").orElse(false);
        t.finish();
        return hostPath.flatMap(h -> mountTag.map(m -> new SharedDirectory(h, m, model, readOnly)));
    }

    private static Balloon balloon(TomlTable t) {
        Balloon balloon = new Balloon(t.bool("deflate_on_oom").orElse(Balloon.DEFAULT.deflateOnOom()),
                t.bool("free_page_reporting").orElse(Balloon.DEFAULT.freePageReporting()));
        t.finish();
        return balloon;
    }

    private static Rng rng(TomlTable t) {
        Rng rng = new Rng(t.string("source").orElse(Rng.URANDOM.source()));
        t.finish();
        return rng;
    }

    private static Optional<Display> display(TomlTable t) {
        Optional<Graphics> graphics = t.table("graphics").flatMap(VmToml::graphics);
        Optional<Vga> vga = t.table("vga").flatMap(VmToml::vga);
        t.finish();
        if (t.has("graphics") && graphics.isEmpty() || t.has("vga") && vga.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Display(graphics.orElse(Graphics.none()), vga));
    }

    private static Optional<Graphics> graphics(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<Graphics> graphics = switch (type.orElse("")) {
            case "none" -> Optional.of(Graphics.none());
            case "vnc" -> consoleListener(t, "display").map(l -> new Graphics.Vnc(l, consoleAuth(t)));
            case "spice" -> consoleListener(t, "port").map(l -> new Graphics.Spice(l, consoleAuth(t)));
            default -> unknownType(t, type, "none", "vnc", "spice");
        };
        t.finish();
        return graphics;
    }

    /**
     * A console's listener: {@code address} (+ {@code display} for VNC, {@code port} for SPICE) for TCP,
     * {@code socket} for a unix socket at a path, neither for a unix socket in the VM's runtime directory.
     */
    private static Optional<ConsoleListener> consoleListener(TomlTable t, String portKey) {
        Optional<String> socket = t.string("socket");
        Optional<String> address = t.string("address");
        Optional<Long> port = t.integer(portKey, 0, portKey.equals("display") ? 65535 - Graphics.Vnc.BASE_PORT : 65535);
        if (socket.isPresent() && address.isPresent()) {
            t.problems().atKey(t.pathOf("socket"), "'socket' and 'address' exclude each other: "
                    + "a console listens on a unix socket or on TCP");
            return Optional.empty();
        }
        if (address.isEmpty() && t.has(portKey)) {
            t.problems().atKey(t.pathOf(portKey), "'" + portKey + "' needs 'address' (a TCP listener); without "
                    + "'address' the console is a unix socket in the VM's runtime directory");
            return Optional.empty();
        }
        if (address.isPresent()) {
            int number = port.map(Long::intValue).orElse(portKey.equals("display") ? 0 : Graphics.Vnc.BASE_PORT);
            return Optional.of(ConsoleListener.tcp(address.get(),
                    portKey.equals("display") ? Graphics.Vnc.BASE_PORT + number : number));
        }
        return Optional.of(socket.map(ConsoleListener::unixSocket).orElse(ConsoleListener.privateSocket()));
    }

    private static ConsoleAuth consoleAuth(TomlTable t) {
        return t.choice("auth", ConsoleAuth.class).orElse(ConsoleAuth.PASSWORD);
    }

    private static Optional<Vga> vga(TomlTable t) {
        Optional<Vga.Model> model = t.choice("model", Vga.Model.class);
        t.require("model");
        Optional<Integer> memory = t.integer("vga_memory_mib", 1, MAX_INT).map(Long::intValue);
        t.finish();
        return model.map(m -> new Vga(m, memory));
    }

    // ---- helpers ----

    private static int intOr(TomlTable t, String key, int fallback) {
        return t.integer(key, 0, MAX_INT).map(Long::intValue).orElse(fallback);
    }

    private static <T> Optional<T> unknownType(TomlTable t, Optional<String> type, String... known) {
        type.ifPresent(name -> t.problems().atValue(t.pathOf("type"), "unknown type '" + name + "'; one of: "
                + String.join(", ", known)));
        t.ignoreRest();
        return Optional.empty();
    }
}
