package io.jqemu.libvirt.equivalence;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Where in the domain XML a device or a machine fact comes from, as XPath prefixes an importer report
 * must start with to explain a difference there. Devices with a key point at their own element
 * ({@code /domain/devices/disk[2]} for the disk whose source is the key's path, the interface with
 * the key's MAC, the filesystem with the key's mount tag); devices matched by order point at every
 * element of their kind ({@code /domain/devices/controller[*]}). The controllers a chipset brings or
 * a machine type defaults to (USB, AHCI, IDE) also point at the machine type.
 */
final class XmlOrigins {
    private static final Map<String, List<String>> BY_TYPE = Map.ofEntries(
            Map.entry("piix3-usb-uhci", List.of("controller")), Map.entry("qemu-xhci", List.of("controller")),
            Map.entry("nec-usb-xhci", List.of("controller")), Map.entry("usb-ehci", List.of("controller")),
            Map.entry("ich9-usb-ehci1", List.of("controller")), Map.entry("virtio-scsi-pci", List.of("controller")),
            Map.entry("lsi", List.of("controller")), Map.entry("lsi53c895a", List.of("controller")),
            Map.entry("megasas", List.of("controller")), Map.entry("megasas-gen2", List.of("controller")),
            Map.entry("mptsas1068", List.of("controller")), Map.entry("pvscsi", List.of("controller")),
            Map.entry("ahci", List.of("controller")), Map.entry("ich9-ahci", List.of("controller")),
            Map.entry("virtio-serial-pci", List.of("controller", "channel", "console")),
            Map.entry("usb-hub", List.of("hub", "controller", "disk", "hostdev", "input", "redirdev")),
            Map.entry("virtio-balloon-pci", List.of("memballoon")),
            Map.entry("cirrus-vga", List.of("video")), Map.entry("qxl-vga", List.of("video")),
            Map.entry("qxl", List.of("video")), Map.entry("VGA", List.of("video")),
            Map.entry("virtio-vga", List.of("video")), Map.entry("virtio-gpu-pci", List.of("video")),
            Map.entry("vmware-svga", List.of("video")), Map.entry("bochs-display", List.of("video")),
            Map.entry("isa-serial", List.of("serial", "console")), Map.entry("pci-serial", List.of("serial", "console")),
            Map.entry("isa-parallel", List.of("parallel")),
            Map.entry("virtserialport", List.of("channel")), Map.entry("virtconsole", List.of("console")),
            Map.entry("usb-tablet", List.of("input")), Map.entry("usb-mouse", List.of("input")),
            Map.entry("usb-kbd", List.of("input")), Map.entry("virtio-rng-pci", List.of("rng")),
            Map.entry("usb-redir", List.of("redirdev")), Map.entry("i6300esb", List.of("watchdog")),
            Map.entry("ich9-intel-hda", List.of("sound")), Map.entry("intel-hda", List.of("sound")),
            Map.entry("vfio-pci", List.of("hostdev")), Map.entry("usb-host", List.of("hostdev")),
            Map.entry("ide-cd", List.of("disk")), Map.entry("scsi-cd", List.of("disk")),
            Map.entry("ide-hd", List.of("disk")), Map.entry("scsi-hd", List.of("disk")));
    private static final Map<String, List<String>> MACHINE = Map.ofEntries(
            Map.entry("name", List.of("/domain/name")), Map.entry("uuid", List.of("/domain/uuid")),
            Map.entry("machine type", List.of("/domain/os/type")),
            Map.entry("memory", List.of("/domain/memory", "/domain/currentMemory", "/domain/memoryBacking")),
            Map.entry("memory backend", List.of("/domain/memoryBacking")),
            Map.entry("vcpus", List.of("/domain/vcpu", "/domain/cpu")),
            Map.entry("topology", List.of("/domain/vcpu", "/domain/cpu")),
            Map.entry("cpu model", List.of("/domain/cpu", "/domain/@type")),
            Map.entry("acpi", List.of("/domain/features")),
            Map.entry("boot menu", List.of("/domain/os/bootmenu")),
            Map.entry("boot strict", List.of("/domain/os")),
            Map.entry("firmware flash0", List.of("/domain/os/loader")),
            Map.entry("firmware flash1", List.of("/domain/os/nvram")));

    /** Every controller element: a device's bus follows its controller. */
    static final String CONTROLLERS = "/domain/devices/controller[*]";

    /** The machine type: the chipset's controllers follow it. */
    static final String MACHINE_TYPE = "/domain/os/type";
    private static final Set<String> CHIPSET_CONTROLLERS = Set.of("piix3-usb-uhci", "qemu-xhci", "nec-usb-xhci",
            "usb-ehci", "ich9-usb-ehci1", "ahci", "ich9-ahci", "piix3-ide");

    private final Element devices;
    private final boolean acpi;

    private XmlOrigins(Element devices, boolean acpi) {
        this.devices = devices;
        this.acpi = acpi;
    }

    /** Whether the domain asks for ACPI ({@code <features><acpi/>}). */
    boolean acpi() {
        return acpi;
    }

    /** The origins in {@code xml}. */
    static XmlOrigins of(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Element domain = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
            Element devices = null;
            boolean acpi = false;
            for (Node n = domain.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("devices")) {
                    devices = e;
                }
                if (n instanceof Element e && e.getTagName().equals("features")) {
                    acpi = e.getElementsByTagName("acpi").getLength() > 0;
                }
            }
            return new XmlOrigins(devices, acpi);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a domain XML: " + e.getMessage(), e);
        }
    }

    /** The XPath prefixes a report explaining a difference in machine fact {@code fact} starts with. */
    List<String> ofMachine(String fact) {
        if (fact.startsWith("cpu feature ")) {
            return List.of("/domain/cpu");
        }
        return MACHINE.getOrDefault(fact, List.of("/domain/" + fact.replace(' ', '-')));
    }

    /** The XPath prefixes a report explaining a difference in {@code device} starts with. */
    List<String> ofDevice(DeviceFacts device) {
        String key = device.key();
        if (key.startsWith("disk ")) {
            String path = key.substring(5);
            return indexed("disk", e -> path.equals(attribute(e, "source", "file"))
                    || path.equals(attribute(e, "source", "dev")), device);
        }
        if (key.startsWith("mac ")) {
            String mac = key.substring(4);
            return indexed("interface", e -> mac.equalsIgnoreCase(attribute(e, "mac", "address")), device);
        }
        if (key.startsWith("tag ")) {
            String tag = key.substring(4);
            return indexed("filesystem", e -> tag.equals(attribute(e, "target", "dir")), device);
        }
        return anyOf(device);
    }

    private List<String> anyOf(DeviceFacts device) {
        List<String> out = new ArrayList<>();
        for (String element : BY_TYPE.getOrDefault(device.type(), List.of())) {
            out.add("/domain/devices/" + element + "[*]");
        }
        if (CHIPSET_CONTROLLERS.contains(device.type())) {
            out.add(MACHINE_TYPE);
        }
        return out;
    }

    private List<String> indexed(String element, java.util.function.Predicate<Element> matches, DeviceFacts device) {
        int index = 0;
        if (devices != null) {
            for (Node n = devices.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(element)) {
                    index++;
                    if (matches.test(e)) {
                        return List.of("/domain/devices/" + element + "[" + index + "]");
                    }
                }
            }
        }
        return anyOf(device);
    }

    private static String attribute(Element parent, String child, String attribute) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(child) && e.hasAttribute(attribute)) {
                return e.getAttribute(attribute);
            }
        }
        return null;
    }

    /**
     * Whether {@code xpath} (a report's) lies at or under {@code prefix}; positions missing in either
     * count as {@code [1]}, {@code [*]} in the prefix matches any position.
     */
    static boolean under(String xpath, String prefix) {
        String[] steps = xpath.split("/");
        String[] want = prefix.split("/");
        if (steps.length < want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            String w = want[i];
            String s = steps[i];
            if (w.endsWith("[*]")) {
                if (!name(s).equals(w.substring(0, w.length() - 3))) {
                    return false;
                }
            } else if (!indexed(s).equals(indexed(w))) {
                return false;
            }
        }
        return true;
    }

    private static String name(String step) {
        int bracket = step.indexOf('[');
        return bracket < 0 ? step : step.substring(0, bracket);
    }

    private static String indexed(String step) {
        return step.isEmpty() || step.startsWith("@") || step.contains("[") ? step : step + "[1]";
    }
}
