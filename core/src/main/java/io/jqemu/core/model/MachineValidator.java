package io.jqemu.core.model;

import io.jqemu.core.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** QEMU's 9p mount tag limit in bytes. */
    static final int MAX_MOUNT_TAG = 31;

    private final Machine m;
    private final List<Violation> out = new ArrayList<>();
    private final FieldChecks check = new FieldChecks(out);
    private final Claims claims;
    private final DiskRules disks;
    private final NetworkRules network;
    private final PassthroughRules passthrough;

    MachineValidator(Machine machine) {
        this.m = machine;
        this.claims = new Claims(machine, check);
        this.disks = new DiskRules(machine, check, claims);
        this.network = new NetworkRules(machine, check, claims);
        this.passthrough = new PassthroughRules(machine, check, claims);
    }

    List<Violation> validate() {
        basics();
        firmware();
        m.directKernelBoot().ifPresent(this::directKernelBoot);
        fixedIds();
        controllers();
        for (int i = 0; i < m.disks().size(); i++) {
            disks.disk("disks[" + i + "]", m.disks().get(i), m.diskId(i));
        }
        for (int i = 0; i < m.nics().size(); i++) {
            network.nic("nics[" + i + "]", m.nics().get(i), m.nicId(i));
        }
        for (int i = 0; i < m.vfioDevices().size(); i++) {
            passthrough.vfio("vfioDevices[" + i + "]", m.vfioDevices().get(i), m.vfioId(i));
        }
        for (int i = 0; i < m.usbHostDevices().size(); i++) {
            passthrough.usbHost("usbHostDevices[" + i + "]", m.usbHostDevices().get(i), m.usbHostId(i));
        }
        for (int i = 0; i < m.usbRedirs().size(); i++) {
            passthrough.usbRedir("usbRedirs[" + i + "]", m.usbRedirs().get(i));
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
        VmName.problem(m.name()).ifPresent(problem -> check.add("name", problem));
        if (!MACHINE_TYPE.matcher(m.machineType()).matches()) {
            check.add("machineType", FieldChecks.quote(m.machineType())
                    + " is not a q35 machine type (q35 or a versioned name such as pc-q35-7.2)");
        }
        Cpu cpu = m.cpu();
        if (!CPU_MODEL.matcher(cpu.model()).matches()) {
            check.add("cpu.model", FieldChecks.quote(cpu.model()) + " is not a CPU model name");
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

    private void directKernelBoot(DirectKernelBoot boot) {
        check.absolutePath("directKernelBoot.kernel", boot.kernel());
        boot.initrd().ifPresent(initrd -> {
            check.absolutePath("directKernelBoot.initrd", initrd);
            if (initrd.indexOf(',') >= 0) {
                check.add("directKernelBoot.initrd", FieldChecks.quote(initrd) + " contains ',': QEMU reads -initrd as a"
                        + " comma-separated module list for multiboot kernels (and literally for Linux ones), so"
                        + " no escaping means the same file to both; rename the file");
            }
        });
        boot.cmdline().ifPresent(cmdline -> {
            if (check.text("directKernelBoot.cmdline", cmdline)) {
                cmdline.chars().filter(c -> c < 0x20 || c == 0x7f).findFirst().ifPresent(c -> check.add(
                        "directKernelBoot.cmdline", FieldChecks.quote(cmdline) + " contains the control character "
                                + String.format("U+%04X", c) + "; a kernel command line is one line of printable"
                                + " text (the kernel would read a newline or tab as a parameter separator)"));
            }
        });
    }

    /** Claims the fixed ids of devices without a user-given id, so a user id cannot take them. */
    private void fixedIds() {
        for (int i = 0; i < PcieLayout.rootPortCount(m); i++) {
            claims.id("spareRootPorts", PcieLayout.rootPortId(i));
        }
        for (int i = 0; i < m.serials().size(); i++) {
            claims.id("serials[" + i + "]", "serial" + i);
        }
        for (int i = 0; i < m.parallels().size(); i++) {
            claims.id("parallels[" + i + "]", "parallel" + i);
        }
        for (int i = 0; i < m.usbRedirs().size(); i++) {
            claims.id("usbRedirs[" + i + "]", "usbredir" + i);
        }
        for (int i = 0; i < m.shares().size(); i++) {
            claims.id("shares[" + i + "]", "share" + i);
        }
        m.balloon().ifPresent(b -> claims.id("balloon", "balloon0"));
        m.rng().ifPresent(r -> claims.id("rng", "rng0"));
        m.display().vga().ifPresent(v -> claims.id("display.vga", "video0"));
    }

    private void controllers() {
        for (int i = 0; i < m.scsiControllers().size(); i++) {
            String path = "scsiControllers[" + i + "].numQueues";
            m.scsiControllers().get(i).numQueues().ifPresent(q -> check.range(path, q, 1, 1024));
            claims.id("scsiControllers[" + i + "]", "scsi" + i);
        }
        m.usb().ifPresent(usb -> {
            claims.id("usb", "usb");
            for (int i = 0; i < usb.hubs().size(); i++) {
                String path = "usb.hubs[" + i + "].port";
                claims.usbPort(path, usb.hubs().get(i).port());
                claims.id("usb.hubs[" + i + "]", "hub" + i);
            }
        });
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
                    check.add(path + ".mountTag", FieldChecks.quote(s.mountTag()) + " is longer than " + MAX_MOUNT_TAG + " bytes");
                }
                String previous = tags.putIfAbsent(s.mountTag(), path);
                if (previous != null) {
                    check.add(path + ".mountTag", FieldChecks.quote(s.mountTag()) + " is already used by " + previous);
                }
            }
        }
    }

    private void display() {
        switch (m.display().graphics()) {
            case Graphics.None n -> { }
            case Graphics.Remote r -> new ConsoleRules(check).remote("display.graphics", r);
        }
        m.display().vga().ifPresent(vga -> vga.vgaMemoryMib().ifPresent(mib -> {
            if (!vga.model().hasVgaMemory()) {
                check.add("display.vga.vgaMemoryMib", vga.model().qemuDriver() + " has no VGA memory size");
            } else if (mib < 1 || mib > 256 || Integer.bitCount(mib) != 1) {
                check.add("display.vga.vgaMemoryMib", mib + " is not a power of two from 1 to 256");
            }
        }));
    }

}
