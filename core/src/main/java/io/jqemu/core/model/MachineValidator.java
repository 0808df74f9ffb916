package io.jqemu.core.model;

import io.jqemu.core.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a whole machine and collects every violation. Rules beyond single fields: scsi-block only on
 * host block devices, one device per bus address (SCSI target/LUN, AHCI port, USB port, root-bus slot),
 * unique boot indexes and device ids, USB devices only with a USB controller (never added implicitly),
 * OVMF only with a vars template, aio=native only with an O_DIRECT cache mode.
 */
final class MachineValidator {
    private static final Pattern MACHINE_TYPE = Pattern.compile("q35|pc-q35-[0-9]+\\.[0-9]+");
    private static final Pattern CPU_MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    /** Node names are at most 31 characters; "file-" is the longest prefix. */
    static final int MAX_DISK_ID = 26;
    /** QEMU's 9p mount tag limit in bytes. */
    static final int MAX_MOUNT_TAG = 31;

    private final Machine m;
    private final List<Violation> out = new ArrayList<>();
    private final Checks check = new Checks(out);
    private final Map<String, String> ids = new HashMap<>();
    private final Map<Integer, String> bootIndexes = new HashMap<>();
    private final Map<String, String> busAddresses = new HashMap<>();
    private final Map<String, String> macs = new HashMap<>();

    MachineValidator(Machine machine) {
        this.m = machine;
    }

    List<Violation> validate() {
        basics();
        firmware();
        fixedIds();
        controllers();
        for (int i = 0; i < m.disks().size(); i++) {
            disk("disks[" + i + "]", m.disks().get(i), m.diskId(i));
        }
        for (int i = 0; i < m.nics().size(); i++) {
            nic("nics[" + i + "]", m.nics().get(i), m.nicId(i));
        }
        for (int i = 0; i < m.vfioDevices().size(); i++) {
            vfio("vfioDevices[" + i + "]", m.vfioDevices().get(i), m.vfioId(i));
        }
        for (int i = 0; i < m.usbHostDevices().size(); i++) {
            usbHost("usbHostDevices[" + i + "]", m.usbHostDevices().get(i), m.usbHostId(i));
        }
        for (int i = 0; i < m.usbRedirs().size(); i++) {
            usbRedir("usbRedirs[" + i + "]", m.usbRedirs().get(i));
        }
        charPorts();
        shares();
        display();
        m.rng().ifPresent(r -> check.absolutePath("rng.source", r.source()));
        for (int i = 0; i < m.unsafeExtraArgs().size(); i++) {
            check.text("unsafeExtraArgs[" + i + "]", m.unsafeExtraArgs().get(i));
        }
        return List.copyOf(out);
    }

    private void basics() {
        check.nonEmptyText("name", m.name());
        if (!MACHINE_TYPE.matcher(m.machineType()).matches()) {
            check.add("machineType", Checks.quote(m.machineType())
                    + " is not a q35 machine type (q35 or a versioned name such as pc-q35-7.2)");
        }
        Cpu cpu = m.cpu();
        if (!CPU_MODEL.matcher(cpu.model()).matches()) {
            check.add("cpu.model", Checks.quote(cpu.model()) + " is not a CPU model name");
        }
        check.range("cpu.sockets", cpu.sockets(), 1, 64);
        check.range("cpu.cores", cpu.cores(), 1, 256);
        check.range("cpu.threads", cpu.threads(), 1, 8);
        if (cpu.sockets() > 0 && cpu.cores() > 0 && cpu.threads() > 0 && (long) cpu.vcpus() > 288) {
            check.add("cpu", cpu.vcpus() + " vCPUs exceed q35's limit of 288");
        }
        check.range("memoryMib", m.memoryMib(), 16, 16L * 1024 * 1024);
        int ports = PcieLayout.rootPortCount(m);
        check.range("spareRootPorts", m.spareRootPorts(), 0, PcieLayout.maxRootPorts());
        if (m.spareRootPorts() >= 0 && ports > PcieLayout.maxRootPorts()) {
            check.add("spareRootPorts", "the machine needs " + ports + " PCIe root ports, more than the "
                    + PcieLayout.maxRootPorts() + " the root bus can hold");
        }
    }

    private void firmware() {
        if (m.firmware() instanceof Firmware.Ovmf ovmf) {
            check.absolutePath("firmware.codePath", ovmf.codePath());
            if (ovmf.varsTemplate().isEmpty()) {
                check.add("firmware.varsTemplate", "an OVMF machine needs a vars template to copy its per-VM vars file from");
            } else {
                check.absolutePath("firmware.varsTemplate", ovmf.varsTemplate().get());
            }
        }
    }

    /** Claims the fixed ids of devices without a user-given id, so a user id cannot take them. */
    private void fixedIds() {
        for (int i = 0; i < PcieLayout.rootPortCount(m); i++) {
            claimId("spareRootPorts", PcieLayout.rootPortId(i));
        }
        for (int i = 0; i < m.serials().size(); i++) {
            claimId("serials[" + i + "]", "serial" + i);
        }
        for (int i = 0; i < m.parallels().size(); i++) {
            claimId("parallels[" + i + "]", "parallel" + i);
        }
        for (int i = 0; i < m.usbRedirs().size(); i++) {
            claimId("usbRedirs[" + i + "]", "usbredir" + i);
        }
        for (int i = 0; i < m.shares().size(); i++) {
            claimId("shares[" + i + "]", "share" + i);
        }
        m.balloon().ifPresent(b -> claimId("balloon", "balloon0"));
        m.rng().ifPresent(r -> claimId("rng", "rng0"));
        m.display().vga().ifPresent(v -> claimId("display.vga", "video0"));
    }

    private void controllers() {
        for (int i = 0; i < m.scsiControllers().size(); i++) {
            String path = "scsiControllers[" + i + "].numQueues";
            m.scsiControllers().get(i).numQueues().ifPresent(q -> check.range(path, q, 1, 1024));
            claimId("scsiControllers[" + i + "]", "scsi" + i);
        }
        m.usb().ifPresent(usb -> {
            claimId("usb", "usb");
            for (int i = 0; i < usb.hubs().size(); i++) {
                String path = "usb.hubs[" + i + "].port";
                usbPort(path, usb.hubs().get(i).port());
                claimId("usb.hubs[" + i + "]", "hub" + i);
            }
        });
    }

    private void disk(String path, Disk d, String id) {
        check.absolutePath(path + ".path", d.source().path());
        d.id().ifPresent(v -> check.qemuId(path + ".id", v, MAX_DISK_ID));
        claimId(path, id);
        if (d.aio().orElse(AioMode.THREADS) == AioMode.NATIVE && !d.cache().direct()) {
            check.add(path + ".aio", "aio native needs an O_DIRECT cache mode (none or directsync), not "
                    + d.cache().name().toLowerCase());
        }
        if (d.detectZeroes() == DetectZeroes.UNMAP && d.discard() != DiscardMode.UNMAP) {
            check.add(path + ".detectZeroes", "detect-zeroes unmap needs discard unmap");
        }
        d.bootIndex().ifPresent(b -> bootIndex(path + ".bootIndex", b));
        switch (d.attachment()) {
            case DiskAttachment.ScsiHd s -> scsi(path, s.controller(), s.target(), s.lun());
            case DiskAttachment.ScsiBlock s -> {
                if (!(d.source() instanceof DiskSource.HostBlockDevice)) {
                    check.add(path + ".attachment", "scsi-block passes a host SCSI block device through; "
                            + Checks.quote(d.source().path()) + " is an image file (use scsi-hd)");
                }
                if (d.format() != DiskFormat.RAW) {
                    check.add(path + ".format", "scsi-block needs format raw, not " + d.format().qemuName());
                }
                scsi(path, s.controller(), s.target(), s.lun());
            }
            case DiskAttachment.VirtioBlk v -> { }
            case DiskAttachment.IdeHd ide -> {
                check.range(path + ".attachment.port", ide.port(), 0, 5);
                if (d.readOnly()) {
                    check.add(path + ".readOnly", "ide-hd cannot use a read-only disk (attach it as scsi-hd or virtio-blk)");
                }
                claimBus("ahci port " + ide.port(), path + ".attachment", "AHCI port " + ide.port());
            }
            case DiskAttachment.UsbStorage u -> {
                needsUsb(path + ".attachment", "usb-storage");
                u.port().ifPresent(p -> usbPort(path + ".attachment.port", p));
            }
        }
    }

    private void scsi(String path, int controller, int target, int lun) {
        if (controller < 0 || controller >= m.scsiControllers().size()) {
            check.add(path + ".attachment.controller", "there is no virtio-scsi controller " + controller
                    + " (the machine has " + m.scsiControllers().size() + ")");
        }
        check.range(path + ".attachment.target", target, 0, 255);
        check.range(path + ".attachment.lun", lun, 0, 16383);
        String where = "scsi controller " + controller + " target " + target + " lun " + lun;
        claimBus(where, path + ".attachment", where);
    }

    private void nic(String path, Nic n, String id) {
        n.id().ifPresent(v -> check.qemuId(path + ".id", v, 24));
        claimId(path, id);
        n.mac().ifPresent(mac -> {
            if (!MAC.matcher(mac).matches()) {
                check.add(path + ".mac", Checks.quote(mac) + " is not a MAC address (six hex pairs separated by ':')");
            } else if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
                check.add(path + ".mac", Checks.quote(mac) + " is a multicast address; a NIC needs a unicast MAC");
            } else {
                String previous = macs.putIfAbsent(mac.toLowerCase(), path + ".mac");
                if (previous != null) {
                    check.add(path + ".mac", Checks.quote(mac) + " is already used by " + previous);
                }
            }
        });
        n.bootIndex().ifPresent(b -> bootIndex(path + ".bootIndex", b));
        switch (n.backend()) {
            case NicBackend.User u -> {
                for (int i = 0; i < u.forwards().size(); i++) {
                    PortForward f = u.forwards().get(i);
                    String fp = path + ".backend.forwards[" + i + "]";
                    f.hostAddress().ifPresent(a -> check.ipv4(fp + ".hostAddress", a));
                    f.guestAddress().ifPresent(a -> check.ipv4(fp + ".guestAddress", a));
                    check.tcpPort(fp + ".hostPort", f.hostPort());
                    check.tcpPort(fp + ".guestPort", f.guestPort());
                }
            }
            case NicBackend.ExistingTap t -> check.ifname(path + ".backend.ifname", t.ifname());
            case NicBackend.BridgedTap t -> {
                check.ifname(path + ".backend.bridge", t.bridge());
                t.ifname().ifPresent(v -> check.ifname(path + ".backend.ifname", v));
            }
            case NicBackend.Macvtap t -> {
                check.ifname(path + ".backend.parent", t.parent());
                t.ifname().ifPresent(v -> check.ifname(path + ".backend.ifname", v));
            }
        }
    }

    private void vfio(String path, VfioPci v, String id) {
        v.id().ifPresent(x -> check.qemuId(path + ".id", x, 32));
        claimId(path, id);
        if (PciAddress.parse(v.hostAddress()).isEmpty()) {
            check.add(path + ".hostAddress", Checks.quote(v.hostAddress())
                    + " is not a PCI address (dddd:bb:ss.f or bb:ss.f, hex)");
        }
        v.bootIndex().ifPresent(b -> bootIndex(path + ".bootIndex", b));
        v.guestAddress().ifPresent(text -> {
            Optional<PciAddress> parsed = PciAddress.parse(text);
            if (parsed.isEmpty()) {
                check.add(path + ".guestAddress", Checks.quote(text) + " is not a PCI address (bb:ss.f, hex)");
                return;
            }
            guestSlot(path + ".guestAddress", text, parsed.get());
        });
    }

    private void guestSlot(String path, String text, PciAddress a) {
        int rootPortSlots = PcieLayout.rootPortSlots(PcieLayout.rootPortCount(m));
        int lastRootPortSlot = PcieLayout.FIRST_ROOT_PORT_SLOT + rootPortSlots - 1;
        if (a.domain() != 0 || a.bus() != 0) {
            check.add(path, Checks.quote(text) + " is not on the root bus (domain 0000, bus 00)");
        } else if (a.slot() == 0 || a.slot() > PcieLayout.LAST_FREE_SLOT) {
            check.add(path, Checks.quote(text) + " uses slot " + a.slot() + ", reserved for the q35 chipset");
        } else if (a.slot() == PcieLayout.VIDEO_SLOT && m.display().vga().isPresent()) {
            check.add(path, Checks.quote(text) + " is already used by display.vga (slot 1)");
        } else if (a.slot() >= PcieLayout.FIRST_ROOT_PORT_SLOT && a.slot() <= lastRootPortSlot) {
            check.add(path, Checks.quote(text) + " is already used by the PCIe root ports (slots 0x"
                    + Integer.toHexString(PcieLayout.FIRST_ROOT_PORT_SLOT) + " to 0x" + Integer.toHexString(lastRootPortSlot) + ")");
        } else {
            claimBus("pci " + a.slot() + "." + a.function(), path, "guest PCI address " + Checks.quote(text));
        }
    }

    private void usbHost(String path, UsbHost u, String id) {
        u.id().ifPresent(x -> check.qemuId(path + ".id", x, 32));
        claimId(path, id);
        needsUsb(path, "usb-host");
        switch (u.selector()) {
            case UsbHost.Selector.ByIds ids -> {
                check.range(path + ".selector.vendorId", ids.vendorId(), 0, 0xffff);
                check.range(path + ".selector.productId", ids.productId(), 0, 0xffff);
            }
            case UsbHost.Selector.ByAddress a -> {
                check.range(path + ".selector.hostBus", a.hostBus(), 1, 255);
                check.range(path + ".selector.hostAddress", a.hostAddress(), 1, 127);
            }
        }
        u.port().ifPresent(p -> usbPort(path + ".port", p));
    }

    private void usbRedir(String path, UsbRedir r) {
        needsUsb(path, "usb-redir");
        check.host(path + ".host", r.host());
        check.tcpPort(path + ".port", r.port());
        r.usbPort().ifPresent(p -> usbPort(path + ".usbPort", p));
    }

    private void charPorts() {
        if (m.serials().size() > 4) {
            check.add("serials", m.serials().size() + " serial ports; the ISA bus has 4 (COM1 to COM4)");
        }
        if (m.parallels().size() > 3) {
            check.add("parallels", m.parallels().size() + " parallel ports; the ISA bus has 3 (LPT1 to LPT3)");
        }
        for (int i = 0; i < m.serials().size(); i++) {
            charBackend("serials[" + i + "].backend", m.serials().get(i).backend());
        }
        for (int i = 0; i < m.parallels().size(); i++) {
            charBackend("parallels[" + i + "].backend", m.parallels().get(i).backend());
        }
    }

    private void charBackend(String path, CharBackend b) {
        switch (b) {
            case CharBackend.Pty p -> { }
            case CharBackend.UnixSocket u -> u.path().ifPresent(p -> check.absolutePath(path + ".path", p));
            case CharBackend.TcpClient t -> {
                check.host(path + ".host", t.host());
                check.tcpPort(path + ".port", t.port());
            }
            case CharBackend.TcpServer t -> {
                check.host(path + ".host", t.host());
                check.tcpPort(path + ".port", t.port());
            }
            case CharBackend.FileOutput f -> check.absolutePath(path + ".path", f.path());
            case CharBackend.HostDevice d -> check.absolutePath(path + ".path", d.path());
        }
    }

    private void shares() {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < m.shares().size(); i++) {
            SharedDirectory s = m.shares().get(i);
            String path = "shares[" + i + "]";
            check.absolutePath(path + ".hostPath", s.hostPath());
            if (check.nonEmptyText(path + ".mountTag", s.mountTag())) {
                if (s.mountTag().getBytes(StandardCharsets.UTF_8).length > MAX_MOUNT_TAG) {
                    check.add(path + ".mountTag", Checks.quote(s.mountTag()) + " is longer than " + MAX_MOUNT_TAG + " bytes");
                }
                String previous = tags.putIfAbsent(s.mountTag(), path);
                if (previous != null) {
                    check.add(path + ".mountTag", Checks.quote(s.mountTag()) + " is already used by " + previous);
                }
            }
        }
    }

    private void display() {
        switch (m.display().graphics()) {
            case Graphics.None n -> { }
            case Graphics.Vnc v -> {
                check.host("display.graphics.address", v.address());
                check.range("display.graphics.display", v.display(), 0, 65535 - 5900);
            }
            case Graphics.Spice s -> {
                check.host("display.graphics.address", s.address());
                check.tcpPort("display.graphics.port", s.port());
            }
        }
        m.display().vga().ifPresent(vga -> vga.vgaMemoryMib().ifPresent(mib -> {
            if (!vga.model().hasVgaMemory()) {
                check.add("display.vga.vgaMemoryMib", vga.model().qemuDriver() + " has no VGA memory size");
            } else if (mib < 1 || mib > 256 || Integer.bitCount(mib) != 1) {
                check.add("display.vga.vgaMemoryMib", mib + " is not a power of two from 1 to 256");
            }
        }));
    }

    private void needsUsb(String path, String what) {
        if (m.usb().isEmpty()) {
            check.add(path, what + " needs a USB controller; the machine has none (add usb = qemu-xhci)");
        }
    }

    private void usbPort(String path, String port) {
        if (!check.usbPort(path, port)) {
            return;
        }
        int dot = port.lastIndexOf('.');
        if (dot > 0) {
            String hubPort = port.substring(0, dot);
            boolean hubThere = m.usb().map(u -> u.hubs().stream().anyMatch(h -> h.port().equals(hubPort))).orElse(false);
            if (!hubThere) {
                check.add(path, "USB port " + port + " needs a usb-hub at port " + hubPort);
            }
        }
        claimBus("usb " + port, path, "USB port " + port);
    }

    private void bootIndex(String path, int index) {
        if (index < 0) {
            check.add(path, index + " is negative");
            return;
        }
        String previous = bootIndexes.putIfAbsent(index, path);
        if (previous != null) {
            check.add(path, "boot index " + index + " is already used by " + previous);
        }
    }

    private void claimId(String path, String id) {
        String previous = ids.putIfAbsent(id, path);
        if (previous != null) {
            check.add(path + ".id", "device id " + Checks.quote(id) + " is already used by " + previous);
        }
    }

    private void claimBus(String key, String path, String description) {
        String previous = busAddresses.putIfAbsent(key, path);
        if (previous != null) {
            check.add(path, description + " is already used by " + previous);
        }
    }
}
