package io.jqemu.core.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.JqemuException;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.PcieLayout;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbRedir;
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
    private final Machine m;
    private final RenderContext ctx;
    private final List<String> argv = new ArrayList<>();
    private final List<HostResource> resources = new ArrayList<>();
    private final List<MonitorNic> monitorNics = new ArrayList<>();
    private final Map<String, DevicePieces> devicePieces = new LinkedHashMap<>();
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
     * Renders {@code machine} and returns what each disk, NIC, vfio and usb-host device rendered to,
     * by device id (macvtap NICs left to QMP included). For {@link HotplugRenderer#launched}.
     */
    static Map<String, DevicePieces> devicePieces(Machine machine, RenderContext context) {
        machine.validate();
        MachineRenderer renderer = new MachineRenderer(machine, context);
        renderer.run();
        return Collections.unmodifiableMap(renderer.devicePieces);
    }

    private RenderedMachine run() {
        argv.add(ctx.qemuBinary());
        general();
        directKernelBoot();
        firmwareNodes();
        rootPorts();
        usb();
        scsiControllers();
        disks();
        nics();
        vfio();
        usbHost();
        usbRedirs();
        charPorts();
        shares();
        balloon();
        rng();
        video();
        argv.addAll(m.unsafeExtraArgs());
        List<String> spares = new ArrayList<>();
        for (int i = nextRootPort; i < rootPorts; i++) {
            spares.add(PcieLayout.rootPortId(i));
        }
        return new RenderedMachine(argv, resources, spares, monitorNics);
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

    private String takeRootPort() {
        return PcieLayout.rootPortId(nextRootPort++);
    }

    private void general() {
        option("-name", KeyValueOptions.create().add("guest", m.name()).onOff("debug-threads", true));
        option("-uuid", m.uuid().toString());
        KeyValueOptions machine = KeyValueOptions.create().add("type", m.machineType());
        if (m.firmware() instanceof Firmware.Ovmf) {
            machine.add("pflash0", DeviceRenderer.formatNode("pflash0")).add("pflash1", DeviceRenderer.formatNode("pflash1"));
        }
        option("-machine", machine);
        option("-accel", DeviceRenderer.accelerator(m, ctx).name().toLowerCase());
        Cpu cpu = m.cpu();
        option("-cpu", cpu.model());
        option("-m", KeyValueOptions.create().add("size", m.memoryMib() + "M"));
        option("-smp", KeyValueOptions.create().add("cpus", cpu.vcpus()).add("sockets", cpu.sockets())
                .add("cores", cpu.cores()).add("threads", cpu.threads()));
        argv.add("-nodefaults");
        argv.add("-no-user-config");
        if (ctx.startPaused()) {
            argv.add("-S");
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
            option("-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
        }
        option("-msg", "timestamp=on");
        option("-display", "none");
        if (m.display().graphics() instanceof Graphics.Remote console) {
            remoteConsole(console);
        }
    }

    /**
     * {@code -vnc} or {@code -spice}. With a password the console refuses every viewer until the launcher
     * sets one over QMP; {@code disable-ticketing=on} only for an explicit {@link ConsoleAuth#NONE}.
     */
    private void remoteConsole(Graphics.Remote console) {
        boolean password = console.auth() == ConsoleAuth.PASSWORD;
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
                option("-vnc", options);
            }
            case Graphics.Spice sp -> {
                KeyValueOptions options = switch (sp.listener()) {
                    case ConsoleListener.UnixSocket u -> KeyValueOptions.create().onOff("unix", true)
                            .add("addr", consoleSocket(sp, u));
                    case ConsoleListener.Tcp t -> KeyValueOptions.create().add("port", t.port()).add("addr", t.address());
                };
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
                .put("node-name", DeviceRenderer.fileNode(name)).put("read-only", readOnly));
        json("-blockdev", QemuJson.object().put("driver", "raw").put("node-name", DeviceRenderer.formatNode(name))
                .put("file", DeviceRenderer.fileNode(name)).put("read-only", readOnly));
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

    private void usb() {
        if (m.usb().isEmpty()) {
            return;
        }
        UsbController usb = m.usb().get();
        json("-device", QemuJson.object().put("driver", "qemu-xhci").put("id", "usb").put("bus", takeRootPort()));
        for (int i = 0; i < usb.hubs().size(); i++) {
            json("-device", QemuJson.object().put("driver", "usb-hub").put("id", "hub" + i)
                    .put("bus", DeviceRenderer.USB_BUS).put("port", usb.hubs().get(i).port()));
        }
    }

    private void scsiControllers() {
        for (int i = 0; i < m.scsiControllers().size(); i++) {
            ObjectNode dev = QemuJson.object().put("driver", "virtio-scsi-pci").put("id", "scsi" + i).put("bus", takeRootPort());
            m.scsiControllers().get(i).numQueues().ifPresent(q -> dev.put("num_queues", q));
            json("-device", dev);
        }
    }

    private void disks() {
        for (int i = 0; i < m.disks().size(); i++) {
            Disk d = m.disks().get(i);
            Optional<String> port = DeviceRenderer.needsRootPort(d) ? Optional.of(takeRootPort()) : Optional.empty();
            emit(remember(DeviceRenderer.disk(d, m.diskId(i), "disks[" + i + "]", port)));
        }
    }

    private void nics() {
        for (int i = 0; i < m.nics().size(); i++) {
            Nic nic = m.nics().get(i);
            String id = m.nicId(i);
            String path = "nics[" + i + "]";
            DevicePieces pieces = remember(DeviceRenderer.nic(m, nic, id, path, takeRootPort(), ctx));
            if (nic.backend() instanceof NicBackend.Macvtap && ctx.monitorTapFds() && !ctx.tapFds().containsKey(id)) {
                // its root port is on the command line; the NIC itself follows over QMP
                HostResource.MacvtapToCreate macvtap = pieces.hostResources().stream()
                        .filter(HostResource.MacvtapToCreate.class::isInstance).map(HostResource.MacvtapToCreate.class::cast)
                        .findFirst().orElseThrow();
                resources.addAll(pieces.hostResources());
                monitorNics.add(new MonitorNic(path, macvtap.name(), macvtap.vhost(),
                        TapFds.monitorNames(id, macvtap.vhost()),
                        new HotplugPlan(List.of(), pieces.netdev(), pieces.device(), id, List.of(),
                                Optional.of(DeviceRenderer.netdevId(id)), pieces.hostResources())));
            } else {
                emit(pieces);
            }
        }
    }

    private void vfio() {
        for (int i = 0; i < m.vfioDevices().size(); i++) {
            var v = m.vfioDevices().get(i);
            Optional<String> port = v.guestAddress().isEmpty() ? Optional.of(takeRootPort()) : Optional.empty();
            emit(remember(DeviceRenderer.vfio(v, m.vfioId(i), "vfioDevices[" + i + "]", port)));
        }
    }

    private void usbHost() {
        for (int i = 0; i < m.usbHostDevices().size(); i++) {
            emit(remember(DeviceRenderer.usbHost(m.usbHostDevices().get(i), m.usbHostId(i), "usbHostDevices[" + i + "]")));
        }
    }

    private DevicePieces remember(DevicePieces pieces) {
        devicePieces.put(pieces.deviceId(), pieces);
        return pieces;
    }

    private void emit(DevicePieces pieces) {
        pieces.blockdevs().forEach(b -> json("-blockdev", b));
        pieces.netdev().ifPresent(n -> json("-netdev", n));
        json("-device", pieces.device());
        resources.addAll(pieces.hostResources());
    }

    private void usbRedirs() {
        for (int i = 0; i < m.usbRedirs().size(); i++) {
            UsbRedir r = m.usbRedirs().get(i);
            String chardev = "charusbredir" + i;
            option("-chardev", KeyValueOptions.leading("socket").add("id", chardev).add("host", r.host())
                    .add("port", r.port()).add("reconnect", 5));
            ObjectNode dev = QemuJson.object().put("driver", "usb-redir").put("id", "usbredir" + i)
                    .put("chardev", chardev).put("bus", DeviceRenderer.USB_BUS);
            r.usbPort().ifPresent(p -> dev.put("port", p));
            json("-device", dev);
        }
    }

    private void charPorts() {
        for (int i = 0; i < m.serials().size(); i++) {
            charPort("serial", i, m.serials().get(i).backend(), "isa-serial");
        }
        for (int i = 0; i < m.parallels().size(); i++) {
            charPort("parallel", i, m.parallels().get(i).backend(), "isa-parallel");
        }
    }

    private void charPort(String kind, int index, CharBackend backend, String driver) {
        String id = kind + index;
        PortChardev chardev = PortChardev.of(kind, index, backend, ctx);
        option("-chardev", chardev.options());
        chardev.hostResource().ifPresent(resources::add);
        json("-device", QemuJson.object().put("driver", driver).put("id", id).put("chardev", chardev.id()));
    }

    private void shares() {
        for (int i = 0; i < m.shares().size(); i++) {
            SharedDirectory s = m.shares().get(i);
            String fsdev = "fsdev-share" + i;
            KeyValueOptions opts = KeyValueOptions.leading("local").add("id", fsdev).add("path", s.hostPath())
                    .add("security_model", s.securityModel().qemuName());
            if (s.readOnly()) {
                opts.onOff("readonly", true);
            }
            option("-fsdev", opts);
            json("-device", QemuJson.object().put("driver", "virtio-9p-pci").put("id", "share" + i)
                    .put("fsdev", fsdev).put("mount_tag", s.mountTag()).put("bus", takeRootPort()));
            resources.add(new HostResource.SharedDirectory(s.hostPath(), s.readOnly(), "shares[" + i + "].hostPath"));
        }
    }

    private void balloon() {
        m.balloon().ifPresent(b -> {
            ObjectNode dev = QemuJson.object().put("driver", "virtio-balloon-pci").put("id", "balloon0").put("bus", takeRootPort());
            if (b.deflateOnOom()) {
                dev.put("deflate-on-oom", true);
            }
            if (b.freePageReporting()) {
                dev.put("free-page-reporting", true);
            }
            json("-device", dev);
        });
    }

    private void rng() {
        m.rng().ifPresent(r -> {
            json("-object", QemuJson.object().put("qom-type", "rng-random").put("id", "objrng0").put("filename", r.source()));
            json("-device", QemuJson.object().put("driver", "virtio-rng-pci").put("id", "rng0").put("rng", "objrng0")
                    .put("bus", takeRootPort()));
            resources.add(new HostResource.HostDeviceNode(r.source(), "rng.source"));
        });
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
