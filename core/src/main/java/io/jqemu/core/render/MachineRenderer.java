package io.jqemu.core.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.JqemuException;
import io.jqemu.core.Violation;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.ConsoleTls;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskSize;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.PcieLayout;
import io.jqemu.core.model.PlacedDevice;
import io.jqemu.core.model.Vga;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a validated {@link Machine} to a QEMU command line and the host resources it needs. The
 * output is deterministic: fixed option order, ids and node names derived from the model.
 */
public final class MachineRenderer {
    /** The id of the memory backend object of a machine whose memory is not anonymous. */
    public static final String RAM_BACKEND = GuestRam.ID;

    /** The id of a VNC console's TLS credentials object. */
    static final String VNC_TLS_ID = "vnc-tls";
    private final Machine m;
    private final RenderContext ctx;
    private final List<String> argv = new ArrayList<>();
    private final List<HostResource> resources = new ArrayList<>();
    private final List<DevicePlan> monitorPlans = new ArrayList<>();
    private final Map<String, DevicePlan> devicePlans = new LinkedHashMap<>();
    private final int rootPorts;
    private int nextRootPort;

    private MachineRenderer(Machine machine, RenderContext context) {
        this.m = machine;
        this.ctx = context;
        this.rootPorts = PcieLayout.rootPortCount(machine);
    }

    /**
     * Validates and renders a machine.
     *
     * @throws io.jqemu.core.InvalidMachineException when the machine is invalid
     * @throws JqemuException when the context lacks something the machine needs (OVMF vars, macvtap fds)
     */
    public static RenderedMachine render(Machine machine, RenderContext context) {
        machine.validate();
        return new MachineRenderer(machine, context).run();
    }

    /**
     * Renders {@code machine} and returns each device's plan by device id (including those left to
     * QMP), as its command line has them. For {@link HotplugRenderer#launched}.
     */
    static Map<String, DevicePlan> devicePlans(Machine machine, RenderContext context) {
        machine.validate();
        MachineRenderer renderer = new MachineRenderer(machine, context);
        renderer.run();
        return Collections.unmodifiableMap(renderer.devicePlans);
    }

    private RenderedMachine run() {
        argv.add(ctx.qemuBinary());
        general();
        directKernelBoot();
        firmwareNodes();
        rootPorts();
        devices();
        video();
        argv.addAll(m.unsafeExtraArgs());
        List<String> spares = new ArrayList<>();
        for (int i = nextRootPort; i < rootPorts; i++) {
            spares.add(PcieLayout.rootPortId(i));
        }
        return new RenderedMachine(argv, resources, spares, monitorPlans);
    }

    private void option(String name, String value) {
        argv.add(name);
        argv.add(value);
    }

    private void option(String name, KeyValueOptions value) {
        option(name, value.render());
    }

    private void json(String name, ObjectNode value) {
        option(name, QemuJson.arg(value));
    }


    private void general() {
        option("-name", KeyValueOptions.create().add("guest", m.name()).onOff("debug-threads", true));
        option("-uuid", m.uuid().toString());
        KeyValueOptions machine = KeyValueOptions.create().add("type", m.machineType());
        if (m.firmware() instanceof Firmware.Ovmf ovmf) {
            machine.add("pflash0", Disk.formatNode("pflash0")).add("pflash1", Disk.formatNode("pflash1"));
            if (ovmf.secureBoot()) {
                machine.onOff("smm", true);
            }
        }
        Optional<GuestRam> guestRam = launcherChosenRam();
        if (guestRam.isPresent() || !(m.memoryBacking() instanceof MemoryBacking.Anonymous)) {
            machine.add("memory-backend", RAM_BACKEND);
        }
        option("-machine", machine);
        if (m.firmware() instanceof Firmware.Ovmf ovmf && ovmf.secureBoot()) {
            option("-global", KeyValueOptions.create().add("driver", "cfi.pflash01").add("property", "secure")
                    .add("value", "on"));
        }
        Accelerator accelerator = m.accelerator() == Accelerator.AUTO ? ctx.autoAccelerator() : m.accelerator();
        option("-accel", accelerator.name().toLowerCase());
        Cpu cpu = m.cpu();
        option("-cpu", cpuOption(cpu, accelerator));
        option("-m", KeyValueOptions.create().add("size", m.memoryMib() + "M"));
        if (guestRam.isPresent()) {
            guestRam(guestRam.get());
        } else {
            memoryBackend();
        }
        if (m.lockMemory()) {
            option("-overcommit", "mem-lock=on");
            resources.add(new HostResource.LockedMemory(m.memoryMib() << 20, "memory.lock"));
        }
        for (String iothread : m.iothreads()) {
            json("-object", QemuJson.object().put("qom-type", "iothread").put("id", iothread));
        }
        pinnedCpus();
        option("-smp", KeyValueOptions.create().add("cpus", cpu.vcpus()).add("sockets", cpu.sockets())
                .add("cores", cpu.cores()).add("threads", cpu.threads()));
        argv.add("-nodefaults");
        argv.add("-no-user-config");
        if (ctx.startPaused()) {
            argv.add("-S");
        }
        if (ctx.incomingState()) {
            argv.add("-incoming");
            argv.add("defer");
        }
        option("-chardev", KeyValueOptions.leading("socket").add("id", "qmp").add("path", ctx.qmpSocket())
                .onOff("server", true).onOff("wait", false));
        option("-mon", KeyValueOptions.create().add("chardev", "qmp").add("mode", "control"));
        resources.add(new HostResource.ListeningSocket(ctx.qmpSocket(), "qmp"));
        option("-rtc", KeyValueOptions.create().add("base", m.rtcBase().name().toLowerCase()));
        if (m.noShutdown()) {
            argv.add("-no-shutdown");
        }
        option("-boot", KeyValueOptions.create().onOff("menu", m.boot().menu()).onOff("strict", m.boot().strict()));
        if (m.sandbox()) {
            // -runas calls setgid/setuid after the sandbox is on: elevateprivileges=deny would kill QEMU
            // there (SIGSYS); once QEMU is the unprivileged user those calls cannot raise privileges
            option("-sandbox", "on,obsolete=deny,elevateprivileges=" + (m.runAs().isPresent() ? "allow" : "deny")
                    + ",spawn=deny,resourcecontrol=deny");
        }
        m.runAs().ifPresent(user -> {
            option("-runas", user);
            resources.add(new HostResource.QemuUser(user, "runAs"));
        });
        option("-msg", "timestamp=on");
        option("-display", "none");
        if (m.display().graphics() instanceof Graphics.Remote console) {
            remoteConsole(console);
        }
    }

    /**
     * The {@code memory-backend-*} object {@value #RAM_BACKEND} for a backing other than anonymous memory;
     * huge pages are preallocated so a shortage shows at start, not as a guest crash later.
     */
    private void memoryBackend() {
        long size = m.memoryMib() << 20;
        ObjectNode backend = switch (m.memoryBacking()) {
            case MemoryBacking.Anonymous a -> null;
            case MemoryBacking.Memfd f -> ramObject("memory-backend-memfd", size).put("share", f.shared());
            case MemoryBacking.File f -> ramObject("memory-backend-file", size).put("mem-path", f.path())
                    .put("share", f.shared());
            case MemoryBacking.HugePages h -> {
                String mount = hugePageMount(h);
                resources.add(new HostResource.HugePageMemory(h.pageSizeBytes(), size / h.pageSizeBytes(), mount,
                        "memory.backing"));
                yield ramObject("memory-backend-file", size).put("mem-path", mount).put("share", true)
                        .put("prealloc", true);
            }
        };
        if (backend != null) {
            json("-object", backend);
        }
    }

    /** Each pinned CPU set as a host resource: the launcher checks its CPUs are online, then pins after start. */
    private void pinnedCpus() {
        CpuPinning pinning = m.cpuPinning();
        for (int i = 0; i < pinning.vcpus().size(); i++) {
            resources.add(new HostResource.HostCpus(pinning.vcpus().get(i), "cpu.pinning.vcpus[" + i + "]"));
        }
        pinning.emulator().ifPresent(set -> resources.add(new HostResource.HostCpus(set, "cpu.pinning.emulator")));
        pinning.iothreads().keySet().stream().sorted().forEach(name -> resources.add(
                new HostResource.HostCpus(pinning.iothreads().get(name), "cpu.pinning.iothreads." + name)));
    }

    private static ObjectNode ramObject(String type, long size) {
        return QemuJson.object().put("qom-type", type).put("id", RAM_BACKEND).put("size", size);
    }

    private String hugePageMount(MemoryBacking.HugePages pages) {
        return pages.path().or(() -> ctx.hugePageMounts().mountFor(pages.pageSizeBytes()))
                .orElseThrow(() -> new JqemuException("memory.backing.path: the host has no hugetlbfs mount for "
                        + DiskSize.describe(pages.pageSizeBytes()) + " pages; mount one (mount -t hugetlbfs -o pagesize="
                        + DiskSize.describe(pages.pageSizeBytes()) + " none /dev/hugepages) or set the path"));
    }

    /**
     * The model, then its flags ({@code avx2=on}), then its Hyper-V enlightenments ({@code hv-relaxed=on}).
     * The model and flag names are validated ({@code [A-Za-z0-9_.-]}), so none needs escaping.
     *
     * @throws InvalidMachineException when {@code auto} resolved to TCG and QEMU would refuse the
     *         enlightenments there
     */
    private static String cpuOption(Cpu cpu, Accelerator accelerator) {
        List<String> parts = new ArrayList<>();
        parts.add(cpu.model());
        cpu.parsedFlags().forEach(flag -> parts.add(flag.cpuProperty()));
        cpu.hyperv().ifPresent(hyperv -> {
            if (accelerator == Accelerator.TCG) {
                hyperv.problemUnderTcg().ifPresent(problem -> {
                    throw new InvalidMachineException(List.of(new Violation("cpu.hyperv",
                            "this host runs the VM under TCG (accelerator \"auto\" found no usable KVM): " + problem)));
                });
            }
            parts.addAll(hyperv.cpuProperties());
        });
        return String.join(",", parts);
    }

    /**
     * {@code -vnc} or {@code -spice}. With a password the console refuses every viewer until the launcher
     * sets one over QMP; {@code disable-ticketing=on} only for an explicit {@link ConsoleAuth#NONE}. TLS is
     * a {@code tls-creds-x509} object for VNC and {@code tls-port} + {@code x509-dir} for SPICE (which then
     * takes TLS connections only); a password file or TLS directory is listed as a host resource to check.
     */
    private void remoteConsole(Graphics.Remote console) {
        boolean password = console.auth() == ConsoleAuth.PASSWORD;
        if (console.security().password() instanceof ConsolePassword.FromFile file && password) {
            resources.add(new HostResource.ConsolePasswordFile(file.path(), "display.graphics.password_file"));
        }
        console.security().tls().ifPresent(tls -> ConsoleTls.FILES.forEach(name -> resources.add(
                new HostResource.ImageFile(tls.dir() + "/" + name, HostResource.Access.READ_ONLY, "display.graphics.tls.dir"))));
        switch (console) {
            case Graphics.Vnc v -> {
                KeyValueOptions options = KeyValueOptions.create().add("vnc", switch (v.listener()) {
                    case ConsoleListener.UnixSocket u -> "unix:" + consoleSocket(v, u);
                    case ConsoleListener.Tcp t -> RemoteConsole.bracketed(t.address()) + ":"
                            + (t.port() - Graphics.Vnc.BASE_PORT);
                });
                if (password) {
                    options.onOff("password", true);
                }
                v.security().tls().ifPresent(tls -> {
                    json("-object", QemuJson.object().put("qom-type", "tls-creds-x509").put("id", VNC_TLS_ID)
                            .put("dir", tls.dir()).put("endpoint", "server").put("verify-peer", tls.verifyPeer()));
                    options.add("tls-creds", VNC_TLS_ID);
                });
                v.websocket().ifPresent(ws -> options.add("websocket", RemoteConsole.bracketed(ws.address()) + ":" + ws.port()));
                option("-vnc", options);
            }
            case Graphics.Spice sp -> {
                Optional<ConsoleTls> tls = sp.security().tls();
                KeyValueOptions options = switch (sp.listener()) {
                    case ConsoleListener.UnixSocket u -> KeyValueOptions.create().onOff("unix", true)
                            .add("addr", consoleSocket(sp, u));
                    case ConsoleListener.Tcp t -> KeyValueOptions.create().add(tls.isPresent() ? "tls-port" : "port", t.port())
                            .add("addr", t.address());
                };
                tls.ifPresent(x -> options.add("x509-dir", x.dir()));
                if (!password) {
                    options.onOff("disable-ticketing", true);
                }
                option("-spice", options);
            }
        }
    }

    /** The console's unix socket path, listed as a host resource. */
    private String consoleSocket(Graphics.Remote console, ConsoleListener.UnixSocket listener) {
        String socket = RemoteConsole.socketPath(console, listener, ctx);
        resources.add(new HostResource.ListeningSocket(socket, "display.graphics.socket"));
        return socket;
    }

    /**
     * {@code -kernel}, {@code -initrd} and {@code -append}, each value one argv element taken verbatim:
     * QEMU stores them as machine properties without option parsing (validation keeps ',' out of the
     * initrd, which multiboot kernels split on).
     */
    /**
     * The memory backend the launcher chose for a saved state ({@link RenderContext#guestRam()}). A
     * machine with its own backing keeps it when the launcher only asks for RAM in backend
     * {@value GuestRam#ID} (a restore: the machine's backend has that id too); a template's RAM file
     * cannot replace it.
     */
    private Optional<GuestRam> launcherChosenRam() {
        Optional<GuestRam> ram = ctx.guestRam();
        if (ram.isEmpty() || m.memoryBacking() instanceof MemoryBacking.Anonymous) {
            return ram;
        }
        if (ram.get().file().isPresent()) {
            throw new InvalidMachineException(List.of(new Violation("memory.backing", "a template VM and its restores "
                    + "keep guest RAM in a file of the launcher's, so the machine's own backing ("
                    + m.memoryBacking().getClass().getSimpleName().toLowerCase() + ") cannot be used with one")));
        }
        return Optional.empty();
    }

    private void guestRam(GuestRam ram) {
        ObjectNode backend = QemuJson.MAPPER.createObjectNode()
                .put("qom-type", ram.file().isPresent() ? "memory-backend-file" : "memory-backend-ram")
                .put("id", GuestRam.ID).put("size", (long) m.memoryMib() << 20);
        ram.file().ifPresent(f -> backend.put("mem-path", f).put("share", ram.shared()));
        json("-object", backend);
    }

    private void directKernelBoot() {
        m.directKernelBoot().ifPresent(boot -> {
            option("-kernel", boot.kernel());
            resources.add(new HostResource.ImageFile(boot.kernel(), HostResource.Access.READ_ONLY, "directKernelBoot.kernel"));
            boot.initrd().ifPresent(initrd -> {
                option("-initrd", initrd);
                resources.add(new HostResource.ImageFile(initrd, HostResource.Access.READ_ONLY, "directKernelBoot.initrd"));
            });
            boot.cmdline().ifPresent(cmdline -> option("-append", cmdline));
        });
    }

    private void firmwareNodes() {
        if (!(m.firmware() instanceof Firmware.Ovmf ovmf)) {
            return;
        }
        String vars = ctx.ovmfVars().orElseThrow(() -> new JqemuException(
                "firmware: an OVMF machine needs RenderContext.ovmfVars, the per-VM vars file the launcher creates"));
        pflash("pflash0", ovmf.codePath(), true);
        pflash("pflash1", vars, false);
        resources.add(new HostResource.ImageFile(ovmf.codePath(), HostResource.Access.READ_ONLY, "firmware.codePath"));
        resources.add(new HostResource.OvmfVars(ovmf.varsTemplate().orElseThrow(), vars, "firmware.varsTemplate"));
    }

    private void pflash(String name, String path, boolean readOnly) {
        json("-blockdev", QemuJson.object().put("driver", "file").put("filename", path)
                .put("node-name", Disk.fileNode(name)).put("read-only", readOnly));
        json("-blockdev", QemuJson.object().put("driver", "raw").put("node-name", Disk.formatNode(name))
                .put("file", Disk.fileNode(name)).put("read-only", readOnly));
    }

    private void rootPorts() {
        for (int i = 0; i < rootPorts; i++) {
            int slot = PcieLayout.rootPortSlot(i);
            int function = PcieLayout.rootPortFunction(i);
            boolean slotShared = rootPorts - i > 1;
            ObjectNode port = QemuJson.object().put("driver", "pcie-root-port").put("id", PcieLayout.rootPortId(i))
                    .put("bus", PcieLayout.ROOT_BUS).put("addr", String.format("0x%x.0x%x", slot, function))
                    .put("chassis", i + 1).put("port", 0x10 + i);
            if (function == 0 && slotShared) {
                port.put("multifunction", true);
            }
            json("-device", port);
        }
    }

    /**
     * Every device in {@link io.jqemu.core.model.Device#KINDS} order, each on the next root port when
     * it takes one. A device whose plan passes descriptors over QMP keeps its root port on the command
     * line and is left to the launcher ({@link RenderedMachine#monitorPlans()}).
     */
    private void devices() {
        for (PlacedDevice placed : m.placedDevices()) {
            Optional<String> port = placed.device().takesRootPort()
                    ? Optional.of(PcieLayout.rootPortId(nextRootPort++)) : Optional.empty();
            DevicePlan plan = DeviceRendering.plan(m, placed, port, ctx);
            devicePlans.put(plan.deviceId(), plan);
            if (plan.onCommandLine()) {
                argv.addAll(plan.commandLine());
            } else {
                monitorPlans.add(plan);
            }
            resources.addAll(plan.hostResources());
        }
    }

    private void video() {
        m.display().vga().ifPresent((Vga vga) -> {
            ObjectNode dev = QemuJson.object().put("driver", vga.model().qemuDriver()).put("id", "video0")
                    .put("bus", PcieLayout.ROOT_BUS).put("addr", String.format("0x%x.0x0", PcieLayout.VIDEO_SLOT));
            vga.vgaMemoryMib().ifPresent(mib -> dev.put("vgamem_mb", mib));
            json("-device", dev);
        });
    }
}
