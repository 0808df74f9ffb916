package io.jqemu.libvirt;

import io.jqemu.testsupport.SharedTestData;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attribute or element no mapper knows, added anywhere in a real domain, is reported: at its own
 * XPath, or inside an element that is reported whole.
 */
class NothingSilentlyDroppedPropertyTest {

    record Insertion(int document, int element, boolean attribute) {
    }

    private static final List<String> DOCUMENTS = documents();

    private static List<String> documents() {
        try {
            List<String> docs = new java.util.ArrayList<>();
            docs.add(SharedTestData.seedDomain("003"));
            for (Path p : SharedTestData.libvirtCases()) {
                docs.add(Files.readString(p));
            }
            return docs;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Property(tries = 200)
    void anUnknownNodeIsReported(@ForAll("insertions") Insertion insertion) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        Document doc = factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(
                new java.io.StringReader(DOCUMENTS.get(insertion.document()))));
        NodeList all = doc.getElementsByTagName("*");
        Element target = (Element) all.item(insertion.element() % all.getLength());
        String expected;
        if (insertion.attribute()) {
            target.setAttribute("jqemuProbe", "1");
            expected = "/@jqemuProbe";
        } else {
            target.appendChild(doc.createElement("jqemuProbe"));
            expected = "/jqemuProbe";
        }
        StringWriter xml = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(xml));

        DomainImport imported = LibvirtDomainImporter.readString(xml.toString(), "probe.xml");

        String probePath = imported.reports().stream().map(ImportReport::xpath)
                .filter(p -> p.endsWith(expected) || p.contains(expected + "[")).findFirst().orElse(null);
        if (probePath == null) {
            String targetPath = pathOf(target);
            assertThat(imported.reports()).as("the probe at %s%s, or an element around it, is reported",
                    targetPath, expected).anySatisfy(r -> assertThat(withoutPositions(targetPath))
                    .startsWith(withoutPositions(r.xpath())));
        }
    }

    private static String pathOf(Element e) {
        StringBuilder sb = new StringBuilder();
        for (org.w3c.dom.Node n = e; n instanceof Element el; n = n.getParentNode()) {
            sb.insert(0, "/" + el.getTagName());
        }
        return sb.toString();
    }

    private static String withoutPositions(String xpath) {
        return xpath.replaceAll("\\[[0-9]+]", "");
    }

    @Provide
    Arbitrary<Insertion> insertions() {
        return Combinators.combine(Arbitraries.integers().between(0, DOCUMENTS.size() - 1),
                Arbitraries.integers().between(0, 10_000), Arbitraries.of(false, true)).as(Insertion::new);
    }
}
