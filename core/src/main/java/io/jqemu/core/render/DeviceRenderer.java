package io.jqemu.core.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.DetectZeroes;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.DiskSource;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.PciAddress;
import io.jqemu.core.model.PcieLayout;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.VfioPci;
import io.jqemu.core.model.VhostMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders the devices that can be cold- or hot-plugged (disks, NICs, vfio-pci, usb-host) to the JSON
 * objects both the command line and QMP use, so both paths produce identical devices.
 */
final class DeviceRenderer {
    /** The xHCI controller's bus. */
    static final String USB_BUS = "usb.0";

    private DeviceRenderer() {
    }

    static String fileNode(String diskId) {
        return "file-" + diskId;
    }

    static String formatNode(String diskId) {
        return "fmt-" + diskId;
    }

    static String netdevId(String nicId) {
        return "netdev-" + nicId;
    }

    /** True when the disk's device sits on a PCIe root port. */
    static boolean needsRootPort(Disk d) {
        return d.attachment() instanceof DiskAttachment.VirtioBlk;
    }

    static DevicePieces disk(Disk d, String id, String path, Optional<String> rootPort) {
        boolean hostDevice = d.source() instanceof DiskSource.HostBlockDevice;
        ObjectNode cache = QemuJson.object().put("direct", d.cache().direct()).put("no-flush", d.cache().noFlush());
        ObjectNode file = QemuJson.object()
                .put("driver", hostDevice ? "host_device" : "file")
                .put("filename", d.source().path())
                .put("node-name", fileNode(id))
                .put("read-only", d.readOnly());
        d.aio().ifPresent(a -> file.put("aio", a.qemuName()));
        file.set("cache", cache.deepCopy());
        if (d.discard() != DiscardMode.IGNORE) {
            file.put("discard", d.discard().qemuName());
        }
        ObjectNode format = QemuJson.object()
                .put("driver", d.format().qemuName())
                .put("node-name", formatNode(id))
                .put("file", fileNode(id))
                .put("read-only", d.readOnly());
        format.set("cache", cache);
        if (d.discard() != DiscardMode.IGNORE) {
            format.put("discard", d.discard().qemuName());
        }
        if (d.detectZeroes() != DetectZeroes.OFF) {
            format.put("detect-zeroes", d.detectZeroes().qemuName());
        }
        ObjectNode device = diskDevice(d, id, rootPort);
        HostResource.Access access = d.readOnly() ? HostResource.Access.READ_ONLY : HostResource.Access.READ_WRITE;
        HostResource resource = hostDevice
                ? new HostResource.BlockDevice(d.source().path(), access, path + ".path")
                : new HostResource.ImageFile(d.source().path(), access, path + ".path");
        return new DevicePieces(List.of(file, format), Optional.empty(), device, List.of(resource));
    }

    private static ObjectNode diskDevice(Disk d, String id, Optional<String> rootPort) {
        ObjectNode dev = QemuJson.object();
        boolean writeCacheProperty = true;
        switch (d.attachment()) {
            case DiskAttachment.ScsiHd s -> scsi(dev.put("driver", "scsi-hd").put("id", id), s.controller(), s.target(), s.lun());
            case DiskAttachment.ScsiBlock s -> {
                scsi(dev.put("driver", "scsi-block").put("id", id), s.controller(), s.target(), s.lun());
                writeCacheProperty = false;
            }
            case DiskAttachment.VirtioBlk v -> dev.put("driver", "virtio-blk-pci").put("id", id)
                    .put("bus", rootPort.orElseThrow(() -> new JqemuException("virtio-blk disk " + id + " needs a root port")));
            case DiskAttachment.IdeHd ide -> dev.put("driver", "ide-hd").put("id", id).put("bus", "ide." + ide.port());
            case DiskAttachment.UsbStorage u -> {
                dev.put("driver", "usb-storage").put("id", id).put("bus", USB_BUS);
                u.port().ifPresent(p -> dev.put("port", p));
                dev.put("removable", u.removable());
            }
        }
        dev.put("drive", formatNode(id));
        if (writeCacheProperty) {
            dev.put("write-cache", d.cache().writeCache() ? "on" : "off");
        }
        d.bootIndex().ifPresent(b -> dev.put("bootindex", b));
        return dev;
    }

    private static void scsi(ObjectNode dev, int controller, int target, int lun) {
        dev.put("bus", "scsi" + controller + ".0").put("channel", 0).put("scsi-id", target).put("lun", lun);
    }

    static DevicePieces nic(Machine m, Nic n, String id, String path, String rootPort, RenderContext ctx) {
        String mac = n.mac().orElse(NetworkNames.defaultMac(m.uuid(), id));
        ObjectNode netdev = QemuJson.object();
        List<HostResource> resources = new ArrayList<>();
        switch (n.backend()) {
            case NicBackend.User u -> {
                netdev.put("type", "user").put("id", netdevId(id));
                if (!u.forwards().isEmpty()) {
                    var list = netdev.putArray("hostfwd");
                    u.forwards().forEach(f -> list.addObject().put("str", hostForward(f)));
                }
            }
            case NicBackend.ExistingTap t -> {
                boolean vhost = vhost(t.vhost(), ctx);
                tap(netdev, id, t.ifname(), vhost);
                resources.add(new HostResource.ExistingTap(t.ifname(), vhost, path + ".backend.ifname"));
            }
            case NicBackend.BridgedTap t -> {
                boolean vhost = vhost(t.vhost(), ctx);
                String name = t.ifname().orElse(NetworkNames.defaultTapName(m.uuid(), id));
                tap(netdev, id, name, vhost);
                resources.add(new HostResource.TapToCreate(name, t.bridge(), vhost, path + ".backend"));
            }
            case NicBackend.Macvtap t -> {
                boolean vhost = vhost(t.vhost(), ctx);
                String name = t.ifname().orElse(NetworkNames.defaultMacvtapName(m.uuid(), id));
                TapFds fds = ctx.tapFds().get(id);
                if (fds == null && ctx.monitorTapFds()) {
                    fds = TapFds.monitorNames(id, vhost);
                }
                if (fds == null) {
                    throw new JqemuException(path + ": macvtap NIC " + id + " needs its tap descriptor: register "
                            + "it in RenderContext.tapFds, or pass it over QMP (RenderContext.monitorTapFds, what "
                            + "the launcher does)");
                }
                netdev.put("type", "tap").put("id", netdevId(id)).put("fd", fds.fd()).put("vhost", vhost);
                if (vhost) {
                    netdev.put("vhostfd", fds.vhostFd().orElseThrow(() -> new JqemuException(path
                            + ": macvtap NIC " + id + " uses vhost but RenderContext.tapFds has no vhost descriptor")));
                }
                resources.add(new HostResource.MacvtapToCreate(name, t.parent(), t.mode(), mac, vhost, id, path + ".backend"));
            }
        }
        ObjectNode dev = QemuJson.object()
                .put("driver", n.model().qemuDriver())
                .put("id", id)
                .put("netdev", netdevId(id))
                .put("mac", mac)
                .put("bus", rootPort);
        n.bootIndex().ifPresent(b -> dev.put("bootindex", b));
        return new DevicePieces(List.of(), Optional.of(netdev), dev, resources);
    }

    private static void tap(ObjectNode netdev, String id, String ifname, boolean vhost) {
        netdev.put("type", "tap").put("id", netdevId(id)).put("ifname", ifname)
                .put("script", "no").put("downscript", "no").put("vhost", vhost);
    }

    private static boolean vhost(VhostMode mode, RenderContext ctx) {
        return switch (mode) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> ctx.vhostNetAvailable();
        };
    }

    /**
     * QEMU's hostfwd syntax: {@code tcp:hostaddr:hostport-guestaddr:guestport} (addresses validated as IPv4).
     * Without a host address the forward listens on loopback only ({@link PortForward#DEFAULT_HOST_ADDRESS}).
     */
    static String hostForward(PortForward f) {
        return f.protocol().name().toLowerCase() + ":" + f.hostAddress().orElse(PortForward.DEFAULT_HOST_ADDRESS)
                + ":" + f.hostPort() + "-"
                + f.guestAddress().orElse("") + ":" + f.guestPort();
    }

    static DevicePieces vfio(VfioPci v, String id, String path, Optional<String> rootPort) {
        PciAddress host = PciAddress.parse(v.hostAddress())
                .orElseThrow(() -> new JqemuException(path + ".hostAddress: not a PCI address"));
        ObjectNode dev = QemuJson.object().put("driver", "vfio-pci").put("id", id).put("host", host.toString());
        Optional<PciAddress> guest = v.guestAddress().flatMap(PciAddress::parse);
        if (guest.isPresent()) {
            dev.put("bus", PcieLayout.ROOT_BUS).put("addr", guest.get().qemuAddr());
        } else {
            dev.put("bus", rootPort.orElseThrow(() -> new JqemuException(path + ": vfio-pci " + id + " needs a root port")));
        }
        if (v.multifunction()) {
            dev.put("multifunction", true);
        }
        v.rombar().ifPresent(r -> dev.put("rombar", r ? 1 : 0));
        if (v.xVga()) {
            dev.put("x-vga", true);
        }
        v.bootIndex().ifPresent(b -> dev.put("bootindex", b));
        return new DevicePieces(List.of(), Optional.empty(), dev, List.of(new HostResource.VfioDevice(host, path + ".hostAddress")));
    }

    static DevicePieces usbHost(UsbHost u, String id, String path) {
        ObjectNode dev = QemuJson.object().put("driver", "usb-host").put("id", id).put("bus", USB_BUS);
        u.port().ifPresent(p -> dev.put("port", p));
        switch (u.selector()) {
            case UsbHost.Selector.ByIds ids -> dev.put("vendorid", ids.vendorId()).put("productid", ids.productId());
            case UsbHost.Selector.ByAddress a -> dev.put("hostbus", a.hostBus()).put("hostaddr", a.hostAddress());
        }
        return new DevicePieces(List.of(), Optional.empty(), dev, List.of(new HostResource.UsbHostDevice(u.selector(), path)));
    }

    static Accelerator accelerator(Machine m, RenderContext ctx) {
        return m.accelerator() == Accelerator.AUTO ? ctx.autoAccelerator() : m.accelerator();
    }
}
