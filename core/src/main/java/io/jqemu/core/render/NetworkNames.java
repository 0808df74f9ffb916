package io.jqemu.core.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Stable default names derived from the VM's UUID and a NIC's id ({@code net<index>} unless given):
 * the same machine always gets the same MAC addresses and tap names, different machines different ones.
 */
public final class NetworkNames {
    private NetworkNames() {
    }

    /** A locally administered unicast MAC address, e.g. {@code 5e:1c:...}. */
    public static String defaultMac(UUID vm, String nicId) {
        byte[] h = hash(vm, nicId, "mac");
        h[0] = (byte) ((h[0] & 0xfc) | 0x02);
        return HexFormat.ofDelimiter(":").formatHex(h, 0, 6);
    }

    /** The name of a tap the launcher creates for a bridged NIC: {@code jqt} + 10 hex digits (13 bytes). */
    public static String defaultTapName(UUID vm, String nicId) {
        return "jqt" + HexFormat.of().formatHex(hash(vm, nicId, "tap"), 0, 5);
    }

    /** The name of a macvtap the launcher creates: {@code jqm} + 10 hex digits (13 bytes). */
    public static String defaultMacvtapName(UUID vm, String nicId) {
        return "jqm" + HexFormat.of().formatHex(hash(vm, nicId, "macvtap"), 0, 5);
    }

    private static byte[] hash(UUID vm, String nicId, String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((vm + "/" + nicId + "/" + purpose).getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
