package io.jqemu.libvirt.equivalence;

import java.util.List;

/**
 * One way the QEMU jqemu built for the imported machine differs from the one libvirt's command line
 * built, with the XPath prefixes of the domain XML an importer report must start with to explain it.
 */
record Difference(String subject, String detail, List<String> origins) {
    Difference {
        origins = List.copyOf(origins);
    }

    @Override
    public String toString() {
        return subject + ": " + detail;
    }
}
