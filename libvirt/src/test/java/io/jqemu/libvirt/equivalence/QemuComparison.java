package io.jqemu.libvirt.equivalence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares what two QEMUs built. Devices are matched by QOM type and key (image path, MAC, mount tag,
 * host address), devices with equal type and key in the order QEMU lists them; ids, node names and
 * PCI addresses never take part. A USB port is compared only when jqemu's QEMU has one asked for
 * (libvirt picks free ports itself; what the XML fixes, jqemu keeps). A different bus or unit is also
 * explained by a report on a controller or on the machine type (an IDE drive's bus and unit on the
 * PIIX become q35 AHCI port 2 * bus + unit, unit 0), and so is a device on a controller's
 * bus that only one side has: the device follows its controller,
 * and the chipset's controllers follow the machine type. When the domain has no
 * {@code <features><acpi/>}, ACPI is not compared: libvirt's test inputs leave {@code <features>}
 * out, and the corpus's README lists the {@code acpi=off} that follows as a test artefact.
 */
final class QemuComparison {
    private QemuComparison() {
    }

    /** The differences between libvirt's QEMU and jqemu's, each with where in the XML it comes from. */
    static List<Difference> compare(QemuSnapshot.Facts libvirt, QemuSnapshot.Facts jqemu, XmlOrigins origins) {
        List<Difference> out = new ArrayList<>();
        for (String fact : new TreeSet<>(union(libvirt.machine().keySet(), jqemu.machine().keySet()))) {
            if (fact.equals("acpi") && !origins.acpi()) {
                continue;
            }
            String a = libvirt.machine().get(fact);
            String b = jqemu.machine().get(fact);
            if (!Objects.equals(a, b)) {
                out.add(new Difference("machine " + fact, "libvirt " + a + ", jqemu " + b, origins.ofMachine(fact)));
            }
        }
        Map<String, List<DeviceFacts>> theirs = grouped(libvirt.devices());
        Map<String, List<DeviceFacts>> ours = grouped(jqemu.devices());
        for (String group : new TreeSet<>(union(theirs.keySet(), ours.keySet()))) {
            List<DeviceFacts> a = theirs.getOrDefault(group, List.of());
            List<DeviceFacts> b = ours.getOrDefault(group, List.of());
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                if (i >= b.size()) {
                    out.add(new Difference(a.get(i).label(), "only in libvirt's QEMU " + a.get(i).properties(),
                            onlyIn(a.get(i), origins)));
                } else if (i >= a.size()) {
                    out.add(new Difference(b.get(i).label(), "only in jqemu's QEMU " + b.get(i).properties(),
                            onlyIn(b.get(i), origins)));
                } else {
                    properties(a.get(i), b.get(i), origins, out);
                }
            }
        }
        return out;
    }

    /** Where a device on one side only comes from: its element, and its controller when it sits on one. */
    private static List<String> onlyIn(DeviceFacts device, XmlOrigins origins) {
        List<String> where = new ArrayList<>(origins.ofDevice(device));
        String bus = device.properties().getOrDefault("bus", "");
        if (!bus.isEmpty() && !bus.equals("pci") && !bus.startsWith("built-in")) {
            where.add(XmlOrigins.CONTROLLERS);
        }
        return where;
    }

    private static void properties(DeviceFacts a, DeviceFacts b, XmlOrigins origins, List<Difference> out) {
        for (String p : new TreeSet<>(union(a.properties().keySet(), b.properties().keySet()))) {
            String x = a.properties().get(p);
            String y = b.properties().get(p);
            if (p.equals("port") && (y == null || y.isEmpty())) {
                continue;
            }
            if (!Objects.equals(x, y)) {
                List<String> where = new ArrayList<>(origins.ofDevice(a));
                if (p.equals("bus") || p.equals("unit")) {
                    where.add(XmlOrigins.CONTROLLERS);
                    where.add(XmlOrigins.MACHINE_TYPE);
                }
                out.add(new Difference(a.label() + " " + p, "libvirt " + x + ", jqemu " + y, where));
            }
        }
    }

    private static Map<String, List<DeviceFacts>> grouped(List<DeviceFacts> devices) {
        Map<String, List<DeviceFacts>> out = new LinkedHashMap<>();
        for (DeviceFacts d : devices) {
            out.computeIfAbsent(d.type() + "\u0000" + d.key(), k -> new ArrayList<>()).add(d);
        }
        return out;
    }

    private static <T> List<T> union(java.util.Collection<T> a, java.util.Collection<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
