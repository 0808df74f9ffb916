package io.jqemu.libvirt.internal;

import io.jqemu.libvirt.ImportReport;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The final walk over the whole document: every element, attribute or text no mapper translated
 * becomes an {@link ImportReport}. An element left out is reported once, with everything in it; the
 * reason is the mapper's explanation when it gave one, else the first matching {@link OmissionRules}
 * rule, else {@code NOT_SUPPORTED}.
 */
final class OmissionWalk {
    private final Consumption consumption;
    private final List<ImportReport> reports = new ArrayList<>();

    private OmissionWalk(Consumption consumption) {
        this.consumption = consumption;
    }

    static List<ImportReport> of(Element root, Consumption consumption) {
        OmissionWalk walk = new OmissionWalk(consumption);
        walk.visit(root);
        return List.copyOf(walk.reports);
    }

    private void visit(Element element) {
        if (!consumption.isTranslated(element)) {
            report(element);
            return;
        }
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (!consumption.isTranslated(a) && !isNamespaceDeclaration(a)) {
                report(a);
            }
        }
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                visit(child);
            } else if ((n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE)
                    && !n.getTextContent().isBlank() && !consumption.isTranslated(n)) {
                report(n);
            }
        }
    }

    private void report(Node node) {
        Consumption.Explanation e = consumption.explanation(node).orElseGet(() -> OmissionRules.explain(node));
        reports.add(new ImportReport(XmlPaths.of(node), XmlPaths.valueOf(node), e.reason(), e.why()));
    }

    private static boolean isNamespaceDeclaration(Attr a) {
        return "xmlns".equals(a.getName()) || a.getName().startsWith("xmlns:");
    }
}
