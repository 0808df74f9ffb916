package io.jqemu.cli.systemd;

import io.jqemu.core.JqemuException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The address in {@code $NOTIFY_SOCKET}: a file-system path ({@code /run/systemd/notify}) or, when
 * it starts with {@code @}, a name in Linux's abstract socket namespace (what systemd hands services
 * in containers and user managers), encoded as a {@code struct sockaddr_un}.
 *
 * @param value the variable's value, as systemd set it
 */
public record NotifyAddress(String value) {

    /** sun_path's size in struct sockaddr_un on Linux. */
    private static final int SUN_PATH = 108;

    /** Checks the value names a unix socket: an absolute path or {@code @name}, short enough for sun_path. */
    public NotifyAddress {
        if (value == null || !(value.startsWith("/") || value.startsWith("@")) || value.length() < 2) {
            throw new JqemuException("NOTIFY_SOCKET: '" + value
                    + "' is neither an absolute path nor an abstract socket name (@name)");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length >= SUN_PATH) {
            throw new JqemuException("NOTIFY_SOCKET: '" + value + "' is longer than a unix socket address may be ("
                    + (SUN_PATH - 1) + " bytes)");
        }
    }

    /** Whether it names an abstract socket ({@code @name}). */
    public boolean isAbstract() {
        return value.startsWith("@");
    }

    /**
     * The {@code struct sockaddr_un} for sendto(2): the family (AF_UNIX, host order, little-endian on
     * the platforms jqemu runs on), then the path with its terminating NUL, or for {@code @name} a
     * NUL followed by the name and nothing after it (the address length bounds an abstract name).
     */
    public byte[] sockaddr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(NativeDatagrams.AF_UNIX & 0xff);
        out.write(NativeDatagrams.AF_UNIX >> 8);
        byte[] path = value.getBytes(StandardCharsets.UTF_8);
        if (isAbstract()) {
            out.write(0);
            out.write(path, 1, path.length - 1);
        } else {
            out.write(path, 0, path.length);
            out.write(0);
        }
        return out.toByteArray();
    }
}
