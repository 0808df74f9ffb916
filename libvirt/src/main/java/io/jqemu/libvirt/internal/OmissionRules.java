package io.jqemu.libvirt.internal;

import io.jqemu.libvirt.ImportReport.Reason;
import java.util.List;
import java.util.function.Predicate;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The documented rules for parts of a domain XML that never reach QEMU or that jqemu makes itself.
 * They apply wherever such a node is found, so no mapper has to remember them; anything they do not
 * match is {@code NOT_SUPPORTED}.
 *
 * <ul>
 *   <li>{@code <alias>}, {@code <seclabel>}, {@code <emulator>}, {@code <metadata>}, {@code <title>},
 *       {@code <description>}, {@code <resource>}, {@code <on_crash>}, {@code /domain/@id},
 *       {@code <source @index>}, an empty {@code <backingStore/>}, {@code <vcpu @placement='static'>},
 *       {@code <cpu @check>}, a live {@code <source @path>} of a pty, a {@code <console @tty>}: LIBVIRT_ONLY</li>
 *   <li>{@code <address>} of a device other than a host device: NO_EFFECT (jqemu lays out PCI slots,
 *       drive units and USB ports itself; the ones it keeps are read by the device's mapper)</li>
 * </ul>
 */
final class OmissionRules {
    private record Rule(Predicate<Node> matches, Reason reason, String why) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(element("alias"), Reason.LIBVIRT_ONLY, "libvirt's name for the device; jqemu names devices itself"),
            new Rule(element("seclabel"), Reason.LIBVIRT_ONLY, "libvirt's security label (SELinux/AppArmor/DAC) for the QEMU process"),
            new Rule(element("emulator"), Reason.LIBVIRT_ONLY, "jqemu runs qemu-system-x86_64 from PATH (Launcher.Builder.qemuBinary names another)"),
            new Rule(element("metadata"), Reason.LIBVIRT_ONLY, "application metadata kept by libvirt"),
            new Rule(element("title"), Reason.LIBVIRT_ONLY, "a description for libvirt's tools"),
            new Rule(element("description"), Reason.LIBVIRT_ONLY, "a description for libvirt's tools"),
            new Rule(element("resource"), Reason.LIBVIRT_ONLY, "libvirt's cgroup placement of the QEMU process"),
            new Rule(element("on_crash"), Reason.LIBVIRT_ONLY, "libvirt acts on a guest panic itself; QEMU is not told"),
            new Rule(attribute("domain", "id"), Reason.LIBVIRT_ONLY, "the id of a running libvirt domain"),
            new Rule(attribute("source", "index"), Reason.LIBVIRT_ONLY, "libvirt's numbering of storage sources"),
            new Rule(attribute("cpu", "check"), Reason.LIBVIRT_ONLY, "how libvirt checks the CPU model against the host"),
            new Rule(attribute("vcpu", "placement"), Reason.LIBVIRT_ONLY, "how libvirt pins the QEMU process to host CPUs"),
            new Rule(attribute("console", "tty"), Reason.LIBVIRT_ONLY, "the pty a running domain got"),
            new Rule(OmissionRules::livePtyPath, Reason.LIBVIRT_ONLY, "the pty a running domain got; QEMU allocates a new one"),
            new Rule(OmissionRules::emptyBackingStore, Reason.LIBVIRT_ONLY, "libvirt's record that the image has no backing file"),
            new Rule(OmissionRules::layoutAddress, Reason.NO_EFFECT,
                    "a guest address libvirt chose; jqemu lays out PCI slots, drive units and USB ports itself"));

    private OmissionRules() {
    }

    static Consumption.Explanation explain(Node node) {
        for (Rule r : RULES) {
            if (r.matches().test(node)) {
                return new Consumption.Explanation(r.reason(), r.why());
            }
        }
        return new Consumption.Explanation(Reason.NOT_SUPPORTED, "jqemu has no mapping for it; the imported VM lacks it");
    }

    private static Predicate<Node> element(String name) {
        return n -> n instanceof Element e && e.getTagName().equals(name);
    }

    private static Predicate<Node> attribute(String elementName, String attributeName) {
        return n -> n instanceof Attr a && a.getName().equals(attributeName)
                && a.getOwnerElement().getTagName().equals(elementName);
    }

    private static boolean livePtyPath(Node n) {
        if (!(n instanceof Element source) || !source.getTagName().equals("source")
                || !(source.getParentNode() instanceof Element device)) {
            return false;
        }
        return "pty".equals(device.getAttribute("type")) && source.getAttributes().getLength() == 1
                && source.hasAttribute("path");
    }

    private static boolean emptyBackingStore(Node n) {
        return n instanceof Element e && e.getTagName().equals("backingStore") && !e.hasAttributes()
                && !e.hasChildNodes();
    }

    private static boolean layoutAddress(Node n) {
        if (!(n instanceof Element e) || !e.getTagName().equals("address")
                || !(e.getParentNode() instanceof Element device)) {
            return false;
        }
        return !device.getTagName().equals("hostdev") && device.getParentNode() instanceof Element devices
                && devices.getTagName().equals("devices");
    }
}
