package io.jqemu.libvirt;

import io.jqemu.libvirt.internal.DomainReader;
import io.jqemu.libvirt.internal.SafeXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a libvirt domain XML ({@code virsh dumpxml}) into a jqemu {@link io.jqemu.core.model.Machine}.
 *
 * <p>Every element and attribute is either translated or reported ({@link ImportReport}) with its
 * XPath and why; nothing is dropped without a word. The XML is parsed with DTDs, external entities
 * and XInclude disabled.
 *
 * <pre>{@code
 * DomainImport imported = LibvirtDomainImporter.read(Path.of("dsm.xml"));
 * imported.reports().forEach(r -> log.warn("{}", r));
 * Machine m = imported.machine();
 * }</pre>
 */
public final class LibvirtDomainImporter {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtDomainImporter.class);

    private LibvirtDomainImporter() {
    }

    /**
     * Imports a domain XML file; its file name becomes the source name.
     *
     * @throws LibvirtImportException when the file cannot be read, is not well-formed, is not a
     *                                KVM/QEMU domain, or a value in it cannot make a valid machine
     */
    public static DomainImport read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name);
        } catch (IOException e) {
            throw new LibvirtImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Imports a domain XML from a stream (not closed).
     *
     * @param sourceName what the stream is, for messages and the vm.toml header
     * @throws LibvirtImportException as {@link #read(Path)}
     */
    public static DomainImport read(InputStream in, String sourceName) {
        DomainImport imported = DomainReader.read(SafeXml.parse(in, sourceName), sourceName);
        LOG.debug("imported {}: {} parts not translated, {} of them not supported", sourceName,
                imported.reports().size(), imported.reports(ImportReport.Reason.NOT_SUPPORTED).size());
        return imported;
    }

    /**
     * Imports a domain XML held in a string.
     *
     * @throws LibvirtImportException as {@link #read(Path)}
     */
    public static DomainImport readString(String xml, String sourceName) {
        return read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), sourceName);
    }
}
