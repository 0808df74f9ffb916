package io.jqemu.core.model;

import io.jqemu.core.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** Reusable field checks; each adds a {@link Violation} naming the path and the value. */
final class FieldChecks {
    private static final Pattern QEMU_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern USB_PORT = Pattern.compile("[1-9][0-9]?(\\.[1-9][0-9]?){0,4}");

    private final List<Violation> out;

    FieldChecks(List<Violation> out) {
        this.out = out;
    }

    void add(String path, String message) {
        out.add(new Violation(path, message));
    }

    static String quote(String value) {
        StringBuilder sb = new StringBuilder("'");
        value.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('\'').toString();
    }

    /** Text QEMU can receive at all: no NUL (ends a C string), no unpaired surrogate (not encodable). */
    boolean text(String path, String value) {
        if (value.indexOf('\0') >= 0) {
            add(path, quote(value) + " contains a NUL character, which cannot be passed to QEMU");
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                add(path, quote(value) + " contains an unpaired UTF-16 surrogate, which is not valid Unicode");
                return false;
            }
        }
        return true;
    }

    boolean nonEmptyText(String path, String value) {
        if (value.isEmpty()) {
            add(path, "must not be empty");
            return false;
        }
        return text(path, value);
    }

    /** An absolute host path. */
    void absolutePath(String path, String value) {
        if (!nonEmptyText(path, value)) {
            return;
        }
        if (!value.startsWith("/")) {
            add(path, quote(value) + " is not an absolute path");
        }
    }

    /** A QEMU id (letter, then letters, digits, '_', '.', '-'), at most {@code max} characters. */
    void qemuId(String path, String value, int max) {
        if (!QEMU_ID.matcher(value).matches()) {
            add(path, quote(value) + " is not a valid QEMU id (a letter, then letters, digits, '_', '.' or '-')");
        } else if (value.length() > max) {
            add(path, quote(value) + " is longer than " + max + " characters");
        }
    }

    /** A Linux network interface name (1 to 15 bytes, no '/', ':', whitespace, not '.' or '..'). */
    void ifname(String path, String value) {
        if (!nonEmptyText(path, value)) {
            return;
        }
        boolean bad = value.equals(".") || value.equals("..")
                || value.chars().anyMatch(c -> c == '/' || c == ':' || c == ',' || Character.isWhitespace(c) || c < 0x21);
        if (bad) {
            add(path, quote(value) + " is not a valid network interface name");
        } else if (value.getBytes(StandardCharsets.UTF_8).length > 15) {
            add(path, quote(value) + " is longer than 15 bytes, the Linux limit for interface names");
        }
    }

    /** A host name, an IPv4 address or an IPv6 address (without brackets). */
    void host(String path, String value) {
        if (!HOST.matcher(value).matches()) {
            add(path, quote(value) + " is not a host name or IP address");
        }
    }

    /** A dotted IPv4 address. */
    void ipv4(String path, String value) {
        if (!IPV4.matcher(value).matches()) {
            add(path, quote(value) + " is not an IPv4 address");
        }
    }

    void tcpPort(String path, int value) {
        range(path, value, 1, 65535);
    }

    void range(String path, long value, long min, long max) {
        if (value < min || value > max) {
            add(path, value + " is out of range (" + min + " to " + max + ")");
        }
    }

    /** A USB port path such as {@code 3} or {@code 1.2}. */
    boolean usbPort(String path, String value) {
        if (!USB_PORT.matcher(value).matches()) {
            add(path, quote(value) + " is not a USB port (a number, or hub port path like 1.2)");
            return false;
        }
        return true;
    }
}
