package io.jqemu.cli.config;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.BootOptions;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.ConsoleSecurity;
import io.jqemu.core.model.ConsoleTls;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.Device;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.DiskSize;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.RtcBase;
import io.jqemu.core.model.Vga;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
    public static Device device(String table, String tomlTable) {
        DeviceTable<?> reader = DeviceTables.byKey(table).orElseThrow(() -> new IllegalArgumentException(
                "vm.toml has no device table '" + table + "'"));
        TomlDocument document = TomlDocument.parse(table, tomlTable, Variables.of(Map.of()));
        Optional<? extends Device> device = reader.read(document.root());
        document.problems().throwIfAny();
        return device.orElseThrow();
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
        t.table("cpu").flatMap(cpu -> cpu(cpu, b)).ifPresent(b::cpu);
        t.integer("memory_mib", 1, Long.MAX_VALUE).ifPresent(b::memoryMib);
        t.table("memory").ifPresent(memory -> memory(memory, b));
        t.strings("iothreads").forEach(b::iothread);
        t.table("firmware").flatMap(VmToml::firmware).ifPresent(b::firmware);
        t.table("direct_kernel_boot").flatMap(VmToml::directKernelBoot).ifPresent(b::directKernelBoot);
        t.choice("rtc_base", RtcBase.class).ifPresent(b::rtcBase);
        t.bool("no_shutdown").ifPresent(b::noShutdown);
        t.table("boot").map(VmToml::boot).ifPresent(o -> b.boot(o.menu(), o.strict()));
        t.bool("sandbox").ifPresent(b::sandbox);
        t.integer("spare_root_ports", 0, MAX_INT).ifPresent(n -> b.spareRootPorts(n.intValue()));
        DeviceTables.read(t, b);
        t.table("display").flatMap(VmToml::display).ifPresent(b::display);
        b.unsafeExtraArgs(t.strings("unsafe_extra_args"));
        t.string("run_as").ifPresent(b::runAs);
        t.finish();
    }

    private static Optional<Cpu> cpu(TomlTable t, MachineBuilder b) {
        t.table("pinning").map(VmToml::cpuPinning).ifPresent(b::cpuPinning);
        Cpu d = Cpu.DEFAULT;
        Cpu cpu = new Cpu(t.string("model").orElse(d.model()),
                t.integer("sockets", 1, MAX_INT).map(Long::intValue).orElse(d.sockets()),
                t.integer("cores", 1, MAX_INT).map(Long::intValue).orElse(d.cores()),
                t.integer("threads", 1, MAX_INT).map(Long::intValue).orElse(d.threads()),
                t.strings("flags"), hyperv(t));
        t.finish();
        return Optional.of(cpu);
    }

    /**
     * {@code pinning = { vcpus = ["0", "1"], emulator = "0", iothreads = { io0 = "1" } }} in {@code [cpu]}:
     * host CPU sets, validated by the model.
     */
    private static CpuPinning cpuPinning(TomlTable t) {
        List<String> vcpus = t.strings("vcpus");
        Optional<String> emulator = t.string("emulator");
        Map<String, String> iothreads = new LinkedHashMap<>();
        t.table("iothreads").ifPresent(table -> {
            for (String name : table.keys()) {
                table.string(name).ifPresent(cpus -> iothreads.put(name, cpus));
            }
        });
        t.finish();
        return new CpuPinning(vcpus, emulator, iothreads);
    }

    /** {@code [memory]}: {@code backing = { type = ... }} and {@code lock}. */
    private static void memory(TomlTable t, MachineBuilder b) {
        t.table("backing").flatMap(VmToml::memoryBacking).ifPresent(b::memoryBacking);
        t.bool("lock").ifPresent(b::lockMemory);
        t.finish();
    }

    private static Optional<MemoryBacking> memoryBacking(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<MemoryBacking> backing = switch (type.orElse("")) {
            case "anonymous" -> Optional.of(MemoryBacking.DEFAULT);
            case "memfd" -> Optional.of(new MemoryBacking.Memfd(t.bool("shared").orElse(false)));
            case "hugepages" -> {
                Optional<String> path = t.string("path");
                Optional<Long> pageSize = t.isInteger("page_size") ? t.integer("page_size")
                        : t.parsed("page_size", "huge page size", DiskSize::parse);
                yield t.has("page_size") && pageSize.isEmpty() ? Optional.empty()
                        : Optional.of(new MemoryBacking.HugePages(path,
                                pageSize.orElse(MemoryBacking.DEFAULT_HUGE_PAGE_SIZE)));
            }
            case "file" -> {
                Optional<String> path = t.requiredString("path");
                boolean shared = t.bool("shared").orElse(false);
                yield path.map(p -> new MemoryBacking.File(p, shared));
            }
            default -> TomlValues.unknownType(t, type, "anonymous", "memfd", "hugepages", "file");
        };
        t.finish();
        return backing;
    }

    /**
     * {@code hyperv = true} (the recommended set), {@code false} (none), or a table
     * {@code { enlightenments = ["relaxed", ...], spinlock_retries = 8191 }}.
     */
    private static Optional<HyperV> hyperv(TomlTable t) {
        if (!t.has("hyperv")) {
            return Optional.empty();
        }
        if (!t.isTable("hyperv")) {
            return t.bool("hyperv").filter(Boolean::booleanValue).map(on -> HyperV.RECOMMENDED);
        }
        TomlTable h = t.table("hyperv").orElseThrow();
        h.require("enlightenments");
        List<String> names = h.strings("enlightenments");
        EnumSet<HyperV.Enlightenment> set = EnumSet.noneOf(HyperV.Enlightenment.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<HyperV.Enlightenment> e = Arrays.stream(HyperV.Enlightenment.values())
                    .filter(c -> TomlTable.kebab(c).equals(name)).findFirst();
            if (e.isEmpty()) {
                h.problems().atValue(h.pathOf("enlightenments") + "[" + i + "]", "'" + name + "' is not one of "
                        + Arrays.stream(HyperV.Enlightenment.values()).map(c -> "'" + TomlTable.kebab(c) + "'")
                        .collect(Collectors.joining(", ")));
            } else if (!set.add(e.get())) {
                h.problems().atValue(h.pathOf("enlightenments") + "[" + i + "]", "'" + name + "' is listed twice");
            }
        }
        long retries = h.integer("spinlock_retries", 0, HyperV.MAX_SPINLOCK_RETRIES).orElse(HyperV.DEFAULT_SPINLOCK_RETRIES);
        h.finish();
        return Optional.of(new HyperV(set, retries));
    }

    private static Optional<Firmware> firmware(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<Firmware> firmware = switch (type.orElse("")) {
            case "seabios" -> Optional.of(Firmware.seaBios());
            case "ovmf" -> {
                boolean secureBoot = t.bool("secure_boot").orElse(false);
                Optional<String> code = secureBoot ? t.string("code_path").or(() -> Optional.of(Firmware.SECURE_BOOT_CODE))
                        : t.requiredString("code_path");
                Optional<String> vars = t.string("vars_template")
                        .or(() -> secureBoot ? Optional.of(Firmware.SECURE_BOOT_VARS) : Optional.empty());
                yield code.map(c -> new Firmware.Ovmf(c, vars, secureBoot));
            }
            default -> TomlValues.unknownType(t, type, "seabios", "ovmf");
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

    // ---- display ----

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
            case "vnc" -> consoleListener(t, "display").flatMap(l -> consoleSecurity(t).flatMap(security ->
                    websocket(t, l).map(ws -> new Graphics.Vnc(l, consoleAuth(t), security, ws))));
            case "spice" -> consoleListener(t, "port").flatMap(l -> consoleSecurity(t)
                    .map(security -> new Graphics.Spice(l, consoleAuth(t), security)));
            default -> TomlValues.unknownType(t, type, "none", "vnc", "spice");
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

    /** {@code password_file} or {@code password_env}, {@code tls = { dir, verify_peer }} and {@code insecure}. */
    private static Optional<ConsoleSecurity> consoleSecurity(TomlTable t) {
        Optional<String> file = t.string("password_file");
        Optional<String> env = t.string("password_env");
        if (file.isPresent() && env.isPresent()) {
            t.problems().atKey(t.pathOf("password_env"), "'password_file' and 'password_env' exclude each other: "
                    + "a console has one password");
            return Optional.empty();
        }
        ConsolePassword password = file.<ConsolePassword>map(ConsolePassword.FromFile::new)
                .or(() -> env.map(ConsolePassword.FromEnvironment::new)).orElse(ConsolePassword.GENERATED);
        Optional<ConsoleTls> tls = Optional.empty();
        if (t.has("tls")) {
            tls = t.table("tls").flatMap(x -> {
                Optional<String> dir = x.requiredString("dir");
                boolean verifyPeer = x.bool("verify_peer").orElse(false);
                x.finish();
                return dir.map(d -> new ConsoleTls(d, verifyPeer));
            });
            if (tls.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new ConsoleSecurity(password, tls, t.bool("insecure").orElse(false)));
    }

    /**
     * A VNC console's {@code websocket}: a port (on the VNC listener's address, or 127.0.0.1 when VNC
     * listens on a unix socket) or {@code "address:port"}.
     */
    private static Optional<Optional<ConsoleListener.Tcp>> websocket(TomlTable t, ConsoleListener listener) {
        if (!t.has("websocket")) {
            return Optional.of(Optional.empty());
        }
        if (t.isInteger("websocket")) {
            String address = listener instanceof ConsoleListener.Tcp tcp ? tcp.address() : "127.0.0.1";
            return t.integer("websocket", 1, 65535).map(port -> Optional.of(new ConsoleListener.Tcp(address, port.intValue())));
        }
        return t.parsed("websocket", "a port or \"address:port\"", VmToml::hostAndPort).map(Optional::of);
    }

    private static ConsoleListener.Tcp hostAndPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("no ':port'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ConsoleListener.Tcp(host, Integer.parseInt(text.substring(colon + 1)));
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
}
