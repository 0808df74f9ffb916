package io.jqemu.cli.config;

import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.BootOptions;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.Device;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.DiskSize;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.RtcBase;
import java.util.List;

/**
 * {@link Machine} to vm.toml text that {@link VmToml} reads back into an equal machine: the keys in the
 * order of {@code docs/vm-toml.md} (top-level keys, {@code [cpu]}, {@code [memory]}, {@code [firmware]},
 * {@code [direct_kernel_boot]}, {@code [boot]}, then each device kind's table in {@link Device#KINDS}
 * order, then {@code [display]}), a key left out where its value is the default, the UUID always
 * written. Each device kind is written by its own {@link DeviceTable}, next to the code that reads it.
 */
public final class VmTomlWriter {
    private static final Machine DEFAULTS = Machine.builder().name("defaults").build();

    private VmTomlWriter() {
    }

    /** The machine as vm.toml text. */
    public static String write(Machine machine) {
        return write(machine, List.of());
    }

    /**
     * The machine as vm.toml text below a header comment.
     *
     * @param comments lines of the header comment, each written after {@code # } (an empty one as
     *                 {@code #}); a line break inside a line starts a new comment line, and other control
     *                 characters, which TOML comments cannot hold, become U+FFFD
     * @throws JqemuException when the machine holds a value vm.toml cannot express (a VNC port below 5900)
     */
    public static String write(Machine machine, List<String> comments) {
        StringBuilder sb = new StringBuilder();
        for (String comment : comments) {
            for (String line : comment.split("\\R", -1)) {
                String printable = line.replaceAll("[\\x00-\\x08\\x0a-\\x1f\\x7f]", "\uFFFD");
                sb.append(printable.isEmpty() ? "#" : "# " + printable).append('\n');
            }
        }
        if (!comments.isEmpty()) {
            sb.append('\n');
        }
        sb.append(topLevel(machine).lines());
        table(sb, "cpu", pinning(cpu(machine.cpu()), machine.cpuPinning()));
        table(sb, "memory", memory(machine));
        firmware(machine.firmware()).ifPresent(t -> table(sb, "firmware", t));
        machine.directKernelBoot().ifPresent(k -> table(sb, "direct_kernel_boot",
                new TomlOut().string("kernel", k.kernel()).string("initrd", k.initrd()).string("cmdline", k.cmdline())));
        table(sb, "boot", boot(machine.boot()));
        for (Class<? extends Device> kind : Device.KINDS) {
            DeviceTable<?> deviceTable = DeviceTables.of(kind);
            for (Device device : machine.devices(kind)) {
                TomlOut out = new TomlOut();
                deviceTable.writeDevice(device, out);
                sb.append('\n').append(deviceTable.single() ? "[" + deviceTable.key() + "]"
                        : "[[" + deviceTable.key() + "]]").append('\n').append(out.lines());
            }
        }
        table(sb, "display", display(machine.display()));
        return sb.toString();
    }

    private static void table(StringBuilder sb, String key, TomlOut table) {
        if (!table.isEmpty()) {
            sb.append('\n').append('[').append(key).append("]\n").append(table.lines());
        }
    }

    private static TomlOut topLevel(Machine m) {
        TomlOut t = new TomlOut().string("name", m.name()).string("uuid", m.uuid().toString());
        if (!m.machineType().equals(DEFAULTS.machineType())) {
            t.string("machine_type", m.machineType());
        }
        t.choiceUnlessDefault("accelerator", m.accelerator(), Accelerator.AUTO);
        if (m.memoryMib() != DEFAULTS.memoryMib()) {
            t.integer("memory_mib", m.memoryMib());
        }
        if (!m.iothreads().isEmpty()) {
            t.strings("iothreads", m.iothreads());
        }
        t.choiceUnlessDefault("rtc_base", m.rtcBase(), RtcBase.UTC);
        t.boolUnlessDefault("no_shutdown", m.noShutdown(), DEFAULTS.noShutdown());
        t.boolUnlessDefault("sandbox", m.sandbox(), DEFAULTS.sandbox());
        if (m.spareRootPorts() != DEFAULTS.spareRootPorts()) {
            t.integer("spare_root_ports", m.spareRootPorts());
        }
        if (!m.unsafeExtraArgs().isEmpty()) {
            t.strings("unsafe_extra_args", m.unsafeExtraArgs());
        }
        t.string("run_as", m.runAs());
        return t;
    }

    private static TomlOut cpu(Cpu cpu) {
        TomlOut t = new TomlOut();
        if (!cpu.model().equals(Cpu.DEFAULT.model())) {
            t.string("model", cpu.model());
        }
        if (cpu.sockets() != Cpu.DEFAULT.sockets()) {
            t.integer("sockets", cpu.sockets());
        }
        if (cpu.cores() != Cpu.DEFAULT.cores()) {
            t.integer("cores", cpu.cores());
        }
        if (cpu.threads() != Cpu.DEFAULT.threads()) {
            t.integer("threads", cpu.threads());
        }
        if (!cpu.flags().isEmpty()) {
            t.strings("flags", cpu.flags());
        }
        cpu.hyperv().ifPresent(h -> {
            if (h.equals(HyperV.RECOMMENDED)) {
                t.bool("hyperv", true);
            } else {
                t.inline("hyperv", new TomlOut().strings("enlightenments",
                        h.enlightenments().stream().map(TomlTable::kebab).toList())
                        .integer("spinlock_retries", h.spinlockRetries()));
            }
        });
        return t;
    }

    /** {@code cpu} with the {@code pinning} inline table when anything is pinned. */
    private static TomlOut pinning(TomlOut cpu, CpuPinning pinning) {
        if (pinning.isEmpty()) {
            return cpu;
        }
        TomlOut t = new TomlOut();
        if (!pinning.vcpus().isEmpty()) {
            t.strings("vcpus", pinning.vcpus());
        }
        t.string("emulator", pinning.emulator());
        if (!pinning.iothreads().isEmpty()) {
            TomlOut iothreads = new TomlOut();
            pinning.iothreads().keySet().stream().sorted()
                    .forEach(name -> iothreads.string(TomlOut.quote(name), pinning.iothreads().get(name)));
            t.inline("iothreads", iothreads);
        }
        return cpu.inline("pinning", t);
    }

    private static TomlOut memory(Machine m) {
        TomlOut t = new TomlOut();
        TomlOut backing = switch (m.memoryBacking()) {
            case MemoryBacking.Anonymous a -> null;
            case MemoryBacking.Memfd f -> new TomlOut().string("type", "memfd").bool("shared", f.shared());
            case MemoryBacking.HugePages h -> new TomlOut().string("type", "hugepages").string("path", h.path())
                    .string("page_size", DiskSize.describe(h.pageSizeBytes()));
            case MemoryBacking.File f -> new TomlOut().string("type", "file").string("path", f.path())
                    .bool("shared", f.shared());
        };
        if (backing != null) {
            t.inline("backing", backing);
        }
        return t.boolUnlessDefault("lock", m.lockMemory(), false);
    }

    private static java.util.Optional<TomlOut> firmware(Firmware firmware) {
        return switch (firmware) {
            case Firmware.SeaBios s -> java.util.Optional.empty();
            case Firmware.Ovmf o -> java.util.Optional.of(new TomlOut().string("type", "ovmf")
                    .boolUnlessDefault("secure_boot", o.secureBoot(), false)
                    .string("code_path", o.codePath()).string("vars_template", o.varsTemplate()));
        };
    }

    private static TomlOut boot(BootOptions boot) {
        return new TomlOut().boolUnlessDefault("menu", boot.menu(), BootOptions.DEFAULT.menu())
                .boolUnlessDefault("strict", boot.strict(), BootOptions.DEFAULT.strict());
    }

    private static TomlOut display(Display display) {
        TomlOut t = new TomlOut();
        if (!(display.graphics() instanceof Graphics.None)) {
            t.inline("graphics", graphics(display.graphics()));
        }
        display.vga().ifPresent(vga -> t.inline("vga", new TomlOut().choice("model", vga.model())
                .integer("vga_memory_mib", vga.vgaMemoryMib())));
        return t;
    }

    private static TomlOut graphics(Graphics graphics) {
        TomlOut t = new TomlOut();
        if (!(graphics instanceof Graphics.Remote remote)) {
            return t.string("type", "none");
        }
        t.string("type", remote.protocol());
        switch (remote.listener()) {
            case ConsoleListener.UnixSocket u -> t.string("socket", u.path());
            case ConsoleListener.Tcp tcp -> {
                t.string("address", tcp.address());
                if (remote instanceof Graphics.Vnc) {
                    if (tcp.port() < Graphics.Vnc.BASE_PORT) {
                        throw new JqemuException("display.graphics: VNC port " + tcp.port() + " is below "
                                + Graphics.Vnc.BASE_PORT + "; vm.toml names VNC ports by display number (5900 + n)");
                    }
                    t.integer("display", tcp.port() - Graphics.Vnc.BASE_PORT);
                } else {
                    t.integer("port", tcp.port());
                }
            }
        }
        t.choiceUnlessDefault("auth", remote.auth(), ConsoleAuth.PASSWORD);
        switch (remote.security().password()) {
            case ConsolePassword.Generated g -> { }
            case ConsolePassword.FromFile f -> t.string("password_file", f.path());
            case ConsolePassword.FromEnvironment e -> t.string("password_env", e.variable());
        }
        remote.security().tls().ifPresent(tls -> t.inline("tls", new TomlOut().string("dir", tls.dir())
                .boolUnlessDefault("verify_peer", tls.verifyPeer(), false)));
        t.boolUnlessDefault("insecure", remote.security().insecure(), false);
        if (remote instanceof Graphics.Vnc vnc) {
            vnc.websocket().ifPresent(ws -> t.string("websocket",
                    (ws.address().contains(":") ? "[" + ws.address() + "]" : ws.address()) + ":" + ws.port()));
        }
        return t;
    }
}
