package io.jqemu.libvirt.internal;

import io.jqemu.libvirt.ImportReport.Reason;
import io.jqemu.libvirt.LibvirtImportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An element of the domain XML whose reads are recorded: every attribute, child or text a mapper
 * reads counts as translated, so whatever no mapper read is reported by the final walk. Reading is
 * the only way mappers see the document, which is what makes "nothing silently dropped" structural.
 */
public final class TrackedElement {
    private final Element element;
    private final Consumption consumption;
    private final String sourceName;

    TrackedElement(Element element, Consumption consumption, String sourceName) {
        this.element = element;
        this.consumption = consumption;
        this.sourceName = sourceName;
    }

    /** The tag name. */
    public String name() {
        return element.getTagName();
    }

    /** This element's XPath. */
    public String xpath() {
        return XmlPaths.of(element);
    }

    /** An attribute's value, marking it translated; empty when absent. */
    public Optional<String> attr(String name) {
        Attr a = element.getAttributeNode(name);
        if (a == null) {
            return Optional.empty();
        }
        consumption.translated(a);
        return Optional.of(a.getValue().strip());
    }

    /** An attribute's value without marking it translated; empty string when absent. */
    public String peek(String name) {
        return element.getAttribute(name);
    }

    /** Whether the attribute is present, without reading it. */
    public boolean has(String name) {
        return element.getAttributeNode(name) != null;
    }

    /** A present attribute's value, marking it translated. */
    public String requiredAttr(String name) {
        return attr(name).orElseThrow(() -> fail(xpath() + "/@" + name, "", "is required"));
    }

    /** A yes/no (or on/off) attribute, marking it translated. */
    public Optional<Boolean> yesNo(String name) {
        return attr(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "on" -> true;
            case "no", "off" -> false;
            default -> throw fail(xpath() + "/@" + name, v, "must be yes or no (on or off)");
        });
    }

    /** A whole-number attribute, marking it translated; decimal or 0x-hexadecimal. */
    public Optional<Long> number(String name) {
        return attr(name).map(v -> parseNumber(xpath() + "/@" + name, v));
    }

    /** The element's text, stripped, marking it translated; empty when there is none. */
    public Optional<String> text() {
        String text = element.getTextContent().strip();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                consumption.translated(n);
            }
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The element's text as a whole number, marking it translated. */
    public long requiredNumber() {
        String text = text().orElseThrow(() -> fail(xpath(), "", "needs a number"));
        return parseNumber(xpath(), text);
    }

    /** The first child of that name, marked translated (a second one is not, so it is reported); empty when absent. */
    public Optional<TrackedElement> child(String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                consumption.translated(e);
                return Optional.of(new TrackedElement(e, consumption, sourceName));
            }
        }
        return Optional.empty();
    }

    /** Every child of that name, each marked translated. */
    public List<TrackedElement> children(String name) {
        List<TrackedElement> found = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                consumption.translated(e);
                found.add(new TrackedElement(e, consumption, sourceName));
            }
        }
        return found;
    }

    /** Every child element, none marked: the caller marks each one it maps ({@link #translated()}). */
    public List<TrackedElement> allChildren() {
        List<TrackedElement> found = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                found.add(new TrackedElement(e, consumption, sourceName));
            }
        }
        return found;
    }

    /** Marks this element itself translated (its attributes and children are read separately). */
    public TrackedElement translated() {
        consumption.translated(element);
        return this;
    }

    /** Records that this element (and everything in it) was looked at and left out, and why. */
    public void leaveOut(Reason reason, String why) {
        consumption.leftOut(element, reason, why);
    }

    /** Records that an attribute, if present, was looked at and left out, and why. */
    public void leaveOutAttr(String name, Reason reason, String why) {
        Attr a = element.getAttributeNode(name);
        if (a != null) {
            consumption.leftOut(a, reason, why);
        }
    }

    /** Records that a child, if present, was looked at and left out, and why. */
    public void leaveOutChild(String name, Reason reason, String why) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                consumption.leftOut(e, reason, why);
            }
        }
    }

    /** An import error at this element's attribute (or at the element, for an empty name). */
    public LibvirtImportException failAt(String attribute, String value, String problem) {
        return fail(attribute.isEmpty() ? xpath() : xpath() + "/@" + attribute, value, problem);
    }

    private LibvirtImportException fail(String path, String value, String problem) {
        return new LibvirtImportException(sourceName + ": " + path + (value.isEmpty() ? "" : "='" + value + "'")
                + " " + problem);
    }

    private long parseNumber(String path, String value) {
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                return Long.parseLong(value.substring(2), 16);
            }
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw fail(path, value, "is not a whole number");
        }
    }
}
