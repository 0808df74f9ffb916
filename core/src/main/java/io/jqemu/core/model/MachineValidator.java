package io.jqemu.core.model;

import io.jqemu.core.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a whole machine and collects every violation: its scalars (name, machine type, CPU, memory,
 * firmware, direct kernel boot, display) here, every device through its own
 * {@link Device#validate(DeviceCheck)}, and what must be unique across devices (ids, boot indexes,
 * bus addresses, MACs) through the shared claims. Ids nobody may choose are claimed first.
 */
final class MachineValidator {
    private static final Pattern MACHINE_TYPE = Pattern.compile("q35|pc-q35-[0-9]+\\.[0-9]+");
    private static final Pattern SMM_FIRMWARE = Pattern.compile("secboot|\\.ms\\.|\\.snakeoil\\.");
    private static final Pattern CPU_MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private static final long MAX_MEMORY_MIB = 16L * 1024 * 1024;
    private static final long MIN_HUGE_PAGE = 64L << 10;
    private static final long MAX_HUGE_PAGE = 16L << 30;

    private final Machine m;
    private final List<Violation> out = new ArrayList<>();
    private final FieldChecks check = new FieldChecks(out);
    private final Claims claims;

    MachineValidator(Machine machine) {
        this.m = machine;
        this.claims = new Claims(machine, check);
    }

    List<Violation> validate() {
        basics();
        memory();
        iothreads();
        cpuPinning();
        firmware();
        m.directKernelBoot().ifPresent(this::directKernelBoot);
        List<PlacedDevice> placed = m.placedDevices();
        fixedIds(placed);
        for (Class<? extends Device> kind : Device.KINDS) {
            List<? extends Device> ofKind = m.devices(kind);
            if (!ofKind.isEmpty()) {
                ofKind.get(0).tooMany(ofKind.size()).ifPresent(problem -> check.add(ofKind.get(0).field(), problem));
            }
        }
        for (PlacedDevice p : placed) {
            if (p.device().userIds()) {
                claims.id(p.path(), p.id());
            }
            p.device().validate(new DeviceCheck(m, p, check, claims));
        }
        display();
        m.runAs().ifPresent(this::runAs);
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
        new CpuFeatureRules(check).check(cpu, m.accelerator());
        check.range("memoryMib", m.memoryMib(), 16, MAX_MEMORY_MIB);
        int ports = PcieLayout.rootPortCount(m);
        check.range("spareRootPorts", m.spareRootPorts(), 0, PcieLayout.maxRootPorts());
        if (m.spareRootPorts() >= 0 && ports > PcieLayout.maxRootPorts()) {
            check.add("spareRootPorts", "the machine needs " + ports + " PCIe root ports, more than the "
                    + PcieLayout.maxRootPorts() + " the root bus can hold");
        }
    }

    /** The memory backend: paths absolute, huge pages a power of two that divides the memory size. */
    private void memory() {
        switch (m.memoryBacking()) {
            case MemoryBacking.Anonymous a -> { }
            case MemoryBacking.Memfd f -> { }
            case MemoryBacking.File f -> check.absolutePath("memory.backing.path", f.path());
            case MemoryBacking.HugePages h -> {
                h.path().ifPresent(p -> check.absolutePath("memory.backing.path", p));
                long size = h.pageSizeBytes();
                if (size < MIN_HUGE_PAGE || size > MAX_HUGE_PAGE || Long.bitCount(size) != 1) {
                    check.add("memory.backing.pageSize", size + " bytes is not a huge page size (a power of two from "
                            + DiskSize.describe(MIN_HUGE_PAGE) + " to " + DiskSize.describe(MAX_HUGE_PAGE)
                            + "; x86 has 2M and 1G)");
                } else if (m.memoryMib() > 0 && m.memoryMib() <= MAX_MEMORY_MIB && (m.memoryMib() << 20) % size != 0) {
                    check.add("memoryMib", m.memoryMib() + " MiB is not a whole number of "
                            + DiskSize.describe(size) + " huge pages");
                }
            }
        }
    }

    /** Iothread names: QEMU ids, each once, none taken by another object of the machine. */
    private void iothreads() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> objects = new java.util.HashSet<>();
        objects.add("ram0");
        m.placedDevices().forEach(p -> objects.add("obj" + p.id()));
        for (int i = 0; i < m.iothreads().size(); i++) {
            String path = "iothreads[" + i + "]";
            String name = m.iothreads().get(i);
            check.qemuId(path, name, 32);
            if (!seen.add(name)) {
                check.add(path, FieldChecks.quote(name) + " is declared twice");
            } else if (objects.contains(name)) {
                check.add(path, FieldChecks.quote(name) + " is the id of another QEMU object of this machine");
            }
        }
    }

    /** Pinning: CPU sets that parse, one per vCPU, iothreads that are declared. */
    private void cpuPinning() {
        CpuPinning pinning = m.cpuPinning();
        List<String> vcpus = pinning.vcpus();
        if (!vcpus.isEmpty() && vcpus.size() != m.cpu().vcpus()) {
            check.add("cpu.pinning.vcpus", vcpus.size() + " CPU sets for " + m.cpu().vcpus()
                    + " vCPUs: give one set per vCPU");
        }
        for (int i = 0; i < vcpus.size(); i++) {
            cpuSet("cpu.pinning.vcpus[" + i + "]", vcpus.get(i));
        }
        pinning.emulator().ifPresent(set -> cpuSet("cpu.pinning.emulator", set));
        pinning.iothreads().keySet().stream().sorted().forEach(name -> {
            String path = "cpu.pinning.iothreads." + name;
            if (!m.iothreads().contains(name)) {
                check.add(path, FieldChecks.quote(name) + " is not a declared iothread ("
                        + (m.iothreads().isEmpty() ? "iothreads is empty" : "iothreads: " + String.join(", ", m.iothreads()))
                        + ")");
            }
            cpuSet(path, pinning.iothreads().get(name));
        });
    }

    private void cpuSet(String path, String set) {
        if (check.text(path, set)) {
            HostCpuSet.problem(set).ifPresent(problem -> check.add(path, problem));
        }
    }

    private void firmware() {
        if (m.firmware() instanceof Firmware.Ovmf ovmf) {
            check.absolutePath("firmware.codePath", ovmf.codePath());
            if (ovmf.secureBoot()) {
                secureBoot(ovmf);
            }
            if (ovmf.varsTemplate().isEmpty()) {
                check.add("firmware.varsTemplate", "an OVMF machine needs a vars template to copy its per-VM vars file from");
            } else {
                check.absolutePath("firmware.varsTemplate", ovmf.varsTemplate().get());
            }
        }
    }

    /**
     * Secure Boot needs q35 (SMM) and an SMM build of OVMF: Debian, Fedora and Arch name theirs
     * {@code *secboot*} (Debian's {@code .ms.} and {@code .snakeoil.} files link to it).
     */
    private void secureBoot(Firmware.Ovmf ovmf) {
        if (!MACHINE_TYPE.matcher(m.machineType()).matches()) {
            check.add("firmware.secureBoot", "Secure Boot needs SMM, which jqemu sets up on q35 machines only");
        }
        String file = ovmf.codePath().substring(ovmf.codePath().lastIndexOf('/') + 1);
        if (!SMM_FIRMWARE.matcher(file).find()) {
            check.add("firmware.codePath", FieldChecks.quote(ovmf.codePath()) + " is not an SMM build of OVMF, which"
                    + " Secure Boot needs (its vars are only safe behind SMM); use " + Firmware.SECURE_BOOT_CODE
                    + " (Debian's package ovmf) or another *secboot* image");
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

    /**
     * Claims the ids no user can choose (root ports, the graphics card, devices of kinds without user
     * ids) before any user id, so a user id cannot take them.
     */
    private void fixedIds(List<PlacedDevice> placed) {
        for (int i = 0; i < PcieLayout.rootPortCount(m); i++) {
            claims.id("spareRootPorts", PcieLayout.rootPortId(i));
        }
        for (PlacedDevice p : placed) {
            if (!p.device().userIds()) {
                claims.id(p.path(), p.id());
            }
        }
        m.display().vga().ifPresent(v -> claims.id("display.vga", "video0"));
    }

    /** A user name as {@code useradd} accepts it, and not root (QEMU would keep every privilege). */
    private void runAs(String user) {
        if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
            check.add("runAs", FieldChecks.quote(user) + " is not a user name (lower-case letters, digits, '_' and '-',"
                    + " at most 32, not starting with a digit or '-')");
        } else if (user.equals("root")) {
            check.add("runAs", "\"root\" keeps every privilege; name an unprivileged user, or leave run_as out");
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
