package io.jqemu.libvirt.internal;

import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.Device;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.UsbController;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps {@code <devices>}: controllers first (disks name SCSI controllers by index), then every other
 * device in document order, consoles last (a console may be a serial port already defined). A child
 * no mapper knows is left unread and so reported.
 *
 * <p>Boot order: {@code <boot order>} on devices is kept. Without any, {@code <os><boot dev>} gives the
 * n-th boot entry boot index n on the first disk ({@code hd}) or first NIC ({@code network}), as libvirt
 * does.
 *
 * <p>Root ports: when the XML lists {@code pcie-root-port} controllers, those beyond the ones jqemu
 * gives its devices become spare root ports; without any, jqemu's default number of spares stays.
 */
final class DevicesMapper {
    private final TrackedElement domain;
    private final MachineBuilder builder;
    private final ImportedDevices imported = new ImportedDevices();

    DevicesMapper(TrackedElement domain, MachineBuilder builder) {
        this.domain = domain;
        this.builder = builder;
    }

    void map() {
        DisplayMapper display = new DisplayMapper();
        Optional<TrackedElement> devices = domain.child("devices");
        if (devices.isPresent()) {
            mapDevices(devices.get().allChildren(), display);
        }
        if (imported.needsUsbController()) {
            imported.add(new UsbController(imported.usbHubs()));
        }
        bootDevices();
        builder.devices(imported.all());
        builder.display(display.display());
        if (imported.libvirtRootPorts() > 0) {
            int used = (int) imported.all().stream().filter(Device::takesRootPort).count();
            builder.spareRootPorts(Math.max(0, imported.libvirtRootPorts() - used));
        }
    }

    private void mapDevices(List<TrackedElement> children, DisplayMapper display) {
        ControllerMapper controllers = new ControllerMapper(imported);
        DiskMapper disks = new DiskMapper(imported);
        NicMapper nics = new NicMapper(imported);
        HostdevMapper hostdevs = new HostdevMapper(imported);
        PortMapper ports = new PortMapper(imported);
        SmallDeviceMapper small = new SmallDeviceMapper(imported);
        boolean soundCards = children.stream().anyMatch(c -> c.name().equals("sound"));
        children.stream().filter(c -> c.name().equals("controller")).forEach(controllers::map);
        List<TrackedElement> consoles = new ArrayList<>();
        for (TrackedElement child : children) {
            switch (child.name()) {
                case "disk" -> disks.map(child);
                case "interface" -> nics.map(child);
                case "hostdev" -> hostdevs.map(child);
                case "serial" -> ports.serial(child);
                case "parallel" -> ports.parallel(child);
                case "console" -> consoles.add(child);
                case "channel" -> ports.channel(child);
                case "graphics" -> display.graphics(child);
                case "video" -> display.video(child);
                case "memballoon" -> small.memballoon(child);
                case "rng" -> small.rng(child);
                case "filesystem" -> small.filesystem(child);
                case "redirdev" -> small.redirdev(child);
                case "hub" -> small.hub(child);
                case "input" -> small.input(child);
                case "audio" -> small.audio(child, soundCards);
                default -> {
                    // controllers are mapped above; anything else is reported by the final walk
                }
            }
        }
        consoles.forEach(ports::console);
    }

    private void bootDevices() {
        Optional<TrackedElement> os = domain.child("os");
        if (os.isEmpty()) {
            return;
        }
        List<TrackedElement> boots = os.get().allChildren().stream().filter(b -> b.name().equals("boot")).toList();
        for (int i = 0; i < boots.size(); i++) {
            TrackedElement boot = boots.get(i);
            if (imported.anyBootOrder()) {
                boot.leaveOut(Reason.NO_EFFECT, "the devices' own <boot order> decides, as in libvirt");
                continue;
            }
            String dev = boot.peek("dev");
            int index = i + 1;
            Optional<Integer> position = switch (dev) {
                case "hd" -> imported.firstDisk();
                case "cdrom" -> imported.firstCdrom();
                case "network" -> imported.firstNic();
                default -> Optional.empty();
            };
            if (position.isEmpty()) {
                boolean known = dev.equals("hd") || dev.equals("cdrom") || dev.equals("network");
                boot.leaveOut(known ? Reason.NO_EFFECT : Reason.NOT_SUPPORTED,
                        known ? "the imported machine has no such device"
                                : "jqemu boots from disks, CD-ROM drives and NICs, not " + dev);
                continue;
            }
            boot.translated().attr("dev");
            Device device = imported.get(position.get());
            imported.replace(position.get(), switch (device) {
                case Disk d -> new Disk(d.source(), d.format(), d.readOnly(), d.cache(), d.aio(), d.discard(),
                        d.detectZeroes(), d.attachment(), Optional.of(index), d.id());
                case Nic n -> n.withBootIndex(index);
                case Cdrom c -> new Cdrom(c.path(), c.attachment(), Optional.of(index), c.id());
                default -> device;
            });
        }
    }
}
