package io.jqemu.launcher.host;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.pci.PciAddresses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake sysfs PCI tree plus the kernel's reactions to attribute writes: {@code driver_override},
 * {@code driver/unbind}, {@code drivers/<d>/unbind}, {@code drivers_probe} and
 * {@code sriov_numvfs} (virtual functions appear with their {@code virtfn<i>} links, where the
 * physical function's {@code sriov_offset} and {@code sriov_stride} put them). Every write is kept in {@link #writes()} as {@code <path below /sys> <- <value>}.
 */
final class FakePciKernel implements AttributeWriter {
    private final Path root;
    private final List<String> writes = new ArrayList<>();
    private final Map<PciAddress, String> nativeDrivers = new HashMap<>();
    private final Map<PciAddress, List<PciAddress>> virtualFunctionSlots = new HashMap<>();
    private final Map<PciAddress, String> vfDrivers = new HashMap<>();
    private Optional<PciAddress> refuseVfioFor = Optional.empty();
    private int nextGroup = 100;
    private boolean virtualFunctionsAppear = true;

    FakePciKernel(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(sys("bus/pci/devices"));
        Files.createDirectories(sys("kernel/iommu_groups"));
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(sys("bus/pci/drivers_probe"), "");
        driver("vfio-pci");
    }

    /** The host seen through this fake tree, with writes going to this kernel. */
    HostRoot host() {
        return HostRoot.at(root, this);
    }

    /** Every attribute write so far. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    /** Forgets the writes recorded so far. */
    void clearWrites() {
        writes.clear();
    }

    /** Makes {@code drivers_probe} leave this device without a driver (vfio-pci refuses it). */
    void refuseVfio(PciAddress address) {
        refuseVfioFor = Optional.of(address);
    }

    /** Adds a device in IOMMU group {@code group}, bound to {@code driver} (null: unbound, native driver none). */
    FakePciKernel device(String address, String ids, int classCode, String driver, String group) throws IOException {
        PciAddress a = PciAddresses.parse("test", address);
        Path dir = sys("bus/pci/devices/" + a);
        Files.createDirectories(dir);
        String[] vd = ids.split(":");
        Files.writeString(dir.resolve("vendor"), "0x" + vd[0] + "\n");
        Files.writeString(dir.resolve("device"), "0x" + vd[1] + "\n");
        Files.writeString(dir.resolve("class"), String.format("0x%06x%n", classCode));
        Files.writeString(dir.resolve("driver_override"), "(null)\n");
        if (group != null) {
            Path groupDevices = sys("kernel/iommu_groups/" + group + "/devices");
            Files.createDirectories(groupDevices);
            Files.createSymbolicLink(groupDevices.resolve(a.toString()), dir);
            Files.createSymbolicLink(dir.resolve("iommu_group"), sys("kernel/iommu_groups/" + group));
        }
        if (driver != null) {
            nativeDrivers.put(a, driver);
            bindTo(a, driver);
        }
        return this;
    }

    /** Makes {@code pf} SR-IOV capable with the given virtual function addresses and their driver. */
    FakePciKernel sriov(String pf, String vfDriver, String... vfAddresses) throws IOException {
        PciAddress a = PciAddresses.parse("test", pf);
        List<PciAddress> slots = new ArrayList<>();
        for (String vf : vfAddresses) {
            slots.add(PciAddresses.parse("test", vf));
        }
        virtualFunctionSlots.put(a, slots);
        vfDrivers.put(a, vfDriver);
        Path dir = sys("bus/pci/devices/" + a);
        Files.writeString(dir.resolve("sriov_totalvfs"), slots.size() + "\n");
        Files.writeString(dir.resolve("sriov_numvfs"), "0\n");
        // the offset and stride Linux reads from the capability, as the first two functions imply
        int offset = slots.isEmpty() ? 0 : routingId(slots.get(0)) - routingId(a);
        int stride = slots.size() < 2 ? 1 : routingId(slots.get(1)) - routingId(slots.get(0));
        Files.writeString(dir.resolve("sriov_offset"), offset + "\n");
        Files.writeString(dir.resolve("sriov_stride"), stride + "\n");
        return this;
    }

    /**
     * Makes {@code pf} SR-IOV capable with {@code total} virtual functions placed as a real device
     * places them: function i at the physical function's routing id plus {@code offset + i * stride}.
     */
    FakePciKernel sriov(String pf, String vfDriver, int total, int offset, int stride) throws IOException {
        int base = routingId(PciAddresses.parse("test", pf)) + offset;
        String[] vfs = new String[total];
        for (int i = 0; i < total; i++) {
            int id = base + i * stride;
            vfs[i] = new PciAddress(0, id >> 8, (id >> 3) & 0x1f, id & 7).toString();
        }
        return sriov(pf, vfDriver, vfs);
    }

    /** Overrides the {@code sriov_offset} the physical function reports (a device whose offset moves). */
    FakePciKernel reportedOffset(String pf, int offset) throws IOException {
        Files.writeString(sys("bus/pci/devices/" + PciAddresses.parse("test", pf) + "/sriov_offset"), offset + "\n");
        return this;
    }

    /** Makes {@code sriov_numvfs} writes succeed without creating the functions (a kernel that is slow to). */
    void createNoVirtualFunctions() {
        virtualFunctionsAppear = false;
    }

    private static int routingId(PciAddress a) {
        return a.bus() << 8 | a.slot() << 3 | a.function();
    }

    /** Makes a process hold {@code /dev/vfio/<group>} open. */
    FakePciKernel processHoldsGroup(long pid, String group) throws IOException {
        Path fd = root.resolve("proc/" + pid + "/fd");
        Files.createDirectories(fd);
        Files.createSymbolicLink(fd.resolve("7"), Path.of("/dev/vfio/" + group));
        return this;
    }

    /** The driver bound to {@code address}, if any. */
    Optional<String> driverOf(String address) throws IOException {
        Path link = sys("bus/pci/devices/" + PciAddresses.parse("test", address) + "/driver");
        return Files.isSymbolicLink(link) ? Optional.of(Files.readSymbolicLink(link).getFileName().toString())
                : Optional.empty();
    }

    /** The content of {@code driver_override} of a device. */
    String overrideOf(String address) throws IOException {
        return Files.readString(sys("bus/pci/devices/" + PciAddresses.parse("test", address) + "/driver_override")).strip();
    }

    @Override
    public void write(Path file, String value) throws IOException {
        String relative = sys("").relativize(file).toString();
        writes.add(relative + " <- " + value.replace("\n", "\\n"));
        String[] parts = relative.split("/");
        if (relative.equals("bus/pci/drivers_probe")) {
            probe(PciAddresses.parse("test", value));
        } else if (relative.startsWith("bus/pci/devices/") && relative.endsWith("/driver/unbind")) {
            PciAddress a = PciAddresses.parse("test", parts[3]);
            requireSame(a, value);
            unbind(a);
        } else if (relative.startsWith("bus/pci/drivers/") && relative.endsWith("/unbind")) {
            PciAddress a = PciAddresses.parse("test", value.strip());
            if (!parts[3].equals(currentDriver(a).orElse(null))) {
                throw new IOException("No such device");
            }
            unbind(a);
        } else if (relative.endsWith("/driver_override")) {
            Files.writeString(file, (value.strip().isEmpty() ? "(null)" : value.strip()) + "\n");
        } else if (relative.endsWith("/sriov_numvfs")) {
            setVirtualFunctions(PciAddresses.parse("test", parts[3]), Integer.parseInt(value.strip()));
        } else {
            throw new IOException("the fake kernel does not know attribute " + relative);
        }
    }

    private void probe(PciAddress a) throws IOException {
        if (currentDriver(a).isPresent()) {
            return;
        }
        String override = overrideOf(a.toString());
        if (!override.equals("(null)")) {
            if (!(override.equals("vfio-pci") && refuseVfioFor.filter(a::equals).isPresent())) {
                bindTo(a, override);
            }
        } else if (nativeDrivers.containsKey(a)) {
            bindTo(a, nativeDrivers.get(a));
        }
    }

    private void setVirtualFunctions(PciAddress pf, int count) throws IOException {
        Path numvfs = sys("bus/pci/devices/" + pf + "/sriov_numvfs");
        int current = Integer.parseInt(Files.readString(numvfs).strip());
        if (current != 0 && count != 0) {
            throw new IOException("Device or resource busy");
        }
        List<PciAddress> slots = virtualFunctionSlots.get(pf);
        if (count > slots.size()) {
            throw new IOException("Numerical result out of range");
        }
        for (int i = 0; i < current; i++) {
            if (Files.exists(sys("bus/pci/devices/" + slots.get(i)))) {
                removeDevice(slots.get(i));
                Files.delete(sys("bus/pci/devices/" + pf + "/virtfn" + i));
            }
        }
        for (int i = 0; i < count && virtualFunctionsAppear; i++) {
            PciAddress vf = slots.get(i);
            device(vf.toString(), "8086:10ed", 0x020000, vfDrivers.get(pf), Integer.toString(nextGroup++));
            Files.createSymbolicLink(sys("bus/pci/devices/" + pf + "/virtfn" + i), sys("bus/pci/devices/" + vf));
        }
        Files.writeString(numvfs, count + "\n");
    }

    private void removeDevice(PciAddress a) throws IOException {
        Path dir = sys("bus/pci/devices/" + a);
        Path group = dir.resolve("iommu_group").toRealPath();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.delete(group.resolve("devices/" + a));
        Files.delete(group.resolve("devices"));
        Files.delete(group);
        nativeDrivers.remove(a);
    }

    private void requireSame(PciAddress a, String value) throws IOException {
        if (!PciAddresses.parse("test", value.strip()).equals(a)) {
            throw new IOException("No such device");
        }
    }

    private Optional<String> currentDriver(PciAddress a) throws IOException {
        return driverOf(a.toString());
    }

    private void bindTo(PciAddress a, String driver) throws IOException {
        driver(driver);
        Files.createSymbolicLink(sys("bus/pci/devices/" + a + "/driver"), sys("bus/pci/drivers/" + driver));
    }

    private void unbind(PciAddress a) throws IOException {
        Files.deleteIfExists(sys("bus/pci/devices/" + a + "/driver"));
    }

    private void driver(String name) throws IOException {
        Path dir = sys("bus/pci/drivers/" + name);
        Files.createDirectories(dir);
        for (String f : new String[] {"bind", "unbind"}) {
            if (!Files.exists(dir.resolve(f))) {
                Files.writeString(dir.resolve(f), "", StandardCharsets.UTF_8);
            }
        }
    }

    private Path sys(String relative) {
        return root.resolve("sys").resolve(relative);
    }
}
