package io.jqemu.libvirt.internal;

import io.jqemu.libvirt.LibvirtImportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The JDK's DOM parser with every way out of the document closed: no DTD (a {@code <!DOCTYPE>} is an
 * error), no external entities or schemas, no XInclude, entity expansion limited by secure processing.
 */
public final class SafeXml {
    private SafeXml() {
    }

    /**
     * Parses a document.
     *
     * @throws LibvirtImportException naming the source, line and column when it is not well-formed
     */
    public static Document parse(InputStream in, String sourceName) {
        DocumentBuilder builder = newBuilder();
        try {
            InputSource source = new InputSource(in);
            source.setSystemId(null);
            return builder.parse(source);
        } catch (SAXParseException e) {
            throw new LibvirtImportException(sourceName + ":" + e.getLineNumber() + ":" + e.getColumnNumber()
                    + ": not a well-formed XML document: " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new LibvirtImportException(sourceName + ": not a well-formed XML document: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LibvirtImportException(sourceName + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(true);
            f.setValidating(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings do not make a document malformed
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature: " + e.getMessage(), e);
        }
    }
}
