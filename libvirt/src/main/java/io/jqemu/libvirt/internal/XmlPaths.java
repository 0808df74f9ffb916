package io.jqemu.libvirt.internal;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * XPaths and one-line renderings of nodes, for reports and errors. Every child of
 * {@code <devices>} carries its position ({@code /domain/devices/disk[2]}), and so does every
 * element with a sibling of the same name; positions count from 1, as XPath does.
 */
final class XmlPaths {
    private static final int MAX_VALUE = 160;

    private XmlPaths() {
    }

    static String of(Node node) {
        if (node instanceof Attr attr) {
            return of(attr.getOwnerElement()) + "/@" + attr.getName();
        }
        if (!(node instanceof Element element)) {
            return node.getParentNode() == null ? "" : of(node.getParentNode()) + "/text()";
        }
        Node parent = element.getParentNode();
        if (!(parent instanceof Element parentElement)) {
            return "/" + element.getTagName();
        }
        int position = 0;
        int sameName = 0;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element sibling && sibling.getTagName().equals(element.getTagName())) {
                sameName++;
                if (sibling == element) {
                    position = sameName;
                }
            }
        }
        boolean indexed = sameName > 1 || "devices".equals(parentElement.getTagName());
        return of(parent) + "/" + element.getTagName() + (indexed ? "[" + position + "]" : "");
    }

    /** An attribute's value, an element's text, or a start tag with its attributes. */
    static String valueOf(Node node) {
        String value;
        if (node instanceof Attr attr) {
            value = attr.getValue();
        } else if (node instanceof Element element) {
            value = render(element);
        } else {
            value = node.getTextContent().strip();
        }
        value = value.replaceAll("\\s+", " ");
        return value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE - 1) + "…" : value;
    }

    private static String render(Element element) {
        StringBuilder sb = new StringBuilder("<").append(element.getTagName());
        var attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            sb.append(' ').append(a.getName()).append("='").append(a.getValue()).append('\'');
        }
        boolean hasElements = false;
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            hasElements |= n instanceof Element;
        }
        String text = element.getTextContent().strip();
        if (hasElements) {
            return sb.append(">…</").append(element.getTagName()).append('>').toString();
        }
        if (!text.isEmpty()) {
            return sb.append('>').append(text).append("</").append(element.getTagName()).append('>').toString();
        }
        return sb.append("/>").toString();
    }
}
