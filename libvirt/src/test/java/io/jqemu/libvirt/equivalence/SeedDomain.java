package io.jqemu.libvirt.equivalence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A seed's libvirt domain: the XML of its {@code ```xml} block and the QEMU command line of its
 * {@code ```shell} block that starts the emulator. The seed redacted its MAC address as
 * {@code xx:xx:xx:xx:xx:xx}; both get the same locally administered stand-in.
 */
record SeedDomain(String xml, CommandLine libvirtLine) {
    static final String REDACTED_MAC = "xx:xx:xx:xx:xx:xx";
    static final String MAC_STAND_IN = "52:54:00:d5:3a:01";

    static SeedDomain read(Path seed) throws IOException {
        String text = Files.readString(seed, StandardCharsets.UTF_8).replace(REDACTED_MAC, MAC_STAND_IN);
        String xml = block(text, "```xml\n", seed);
        String shell = block(text.substring(text.indexOf("qemu-system-x86_64 \\") - 40), "```shell\n", seed);
        return new SeedDomain(xml, CommandLine.parse(shell));
    }

    private static String block(String text, String fence, Path seed) {
        int start = text.indexOf(fence);
        int end = start < 0 ? -1 : text.indexOf("\n```", start + fence.length());
        if (end < 0) {
            throw new IllegalStateException(seed + " has no " + fence.strip() + " block");
        }
        return text.substring(start + fence.length(), end + 1);
    }
}
