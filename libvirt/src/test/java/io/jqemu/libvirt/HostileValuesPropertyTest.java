package io.jqemu.libvirt;

import io.jqemu.testsupport.SharedTestData;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any attribute or text of a real domain replaced by a hostile value either imports or fails with a
 * {@link LibvirtImportException} naming the source; never another exception.
 */
class HostileValuesPropertyTest {

    record Mutation(int document, int node, String value) {
    }

    private static final List<String> DOCUMENTS = documents();

    private static List<String> documents() {
        try {
            List<String> docs = new ArrayList<>();
            docs.add(SharedTestData.seedDomain("003"));
            for (Path p : SharedTestData.libvirtCases()) {
                docs.add(Files.readString(p));
            }
            return docs;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Property(tries = 300)
    void onlyImportErrors(@ForAll("mutations") Mutation mutation) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new StringReader(DOCUMENTS.get(mutation.document()))));
        List<org.w3c.dom.Node> targets = new ArrayList<>();
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (int a = 0; a < e.getAttributes().getLength(); a++) {
                targets.add(e.getAttributes().item(a));
            }
            if (e.getChildNodes().getLength() == 1 && e.getFirstChild().getNodeType() == org.w3c.dom.Node.TEXT_NODE) {
                targets.add(e.getFirstChild());
            }
        }
        org.w3c.dom.Node target = targets.get(mutation.node() % targets.size());
        if (target instanceof Attr attr) {
            attr.setValue(mutation.value());
        } else {
            target.setTextContent(mutation.value());
        }
        StringWriter xml = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(xml));

        try {
            DomainImport imported = LibvirtDomainImporter.readString(xml.toString(), "hostile.xml");
            assertThat(imported.machine().violations()).isEmpty();
        } catch (LibvirtImportException e) {
            assertThat(e.getMessage()).startsWith("hostile.xml");
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("", "-1", "0", "99999999999999999999", "4294967297", "2147483648", "0x", "0xffffffffff",
                        "abc", "yes", "no", "../x", "1.5", "none", "/", "a,b=c", "${X}", "é", " 1 "),
                Arbitraries.strings().withCharRange(' ', '~').withChars("éü€").ofMaxLength(6));
        return Combinators.combine(Arbitraries.integers().between(0, DOCUMENTS.size() - 1),
                Arbitraries.integers().between(0, 100_000), values).as(Mutation::new);
    }
}
