package io.jqemu.core.model;

import java.nio.charset.StandardCharsets;

/**
 * What a {@link Device} validates itself with: its place in the machine, field checks that report a
 * violation naming the path and the value, and claims on what must be unique in a machine (device
 * ids, boot indexes, bus addresses, MACs, other keys).
 */
public final class DeviceCheck {
    private final Machine machine;
    private final PlacedDevice placed;
    private final FieldChecks check;
    private final Claims claims;

    DeviceCheck(Machine machine, PlacedDevice placed, FieldChecks check, Claims claims) {
        this.machine = machine;
        this.placed = placed;
        this.check = check;
        this.claims = claims;
    }

    /** The machine the device belongs to. */
    public Machine machine() {
        return machine;
    }

    /** The device's path, e.g. {@code disks[1]}. */
    public String path() {
        return placed.path();
    }

    /** The path of one of the device's fields, e.g. {@code disks[1].path} for {@code "path"}. */
    public String field(String name) {
        return placed.path() + "." + name;
    }

    /** The device's id (explicit or default). */
    public String id() {
        return placed.id();
    }

    /** The device's index among the machine's devices of its kind. */
    public int index() {
        return placed.index();
    }

    /** Reports a violation at {@code path}. */
    public void add(String path, String message) {
        check.add(path, message);
    }

    /** The value in single quotes, control characters escaped, for messages. */
    public static String quote(String value) {
        return FieldChecks.quote(value);
    }

    /** Text QEMU can receive (no NUL, no unpaired surrogate); false after reporting it. */
    public boolean text(String path, String value) {
        return check.text(path, value);
    }

    /** Non-empty text QEMU can receive; false after reporting it. */
    public boolean nonEmptyText(String path, String value) {
        return check.nonEmptyText(path, value);
    }

    /** An absolute host path. */
    public void absolutePath(String path, String value) {
        check.absolutePath(path, value);
    }

    /** A QEMU id of at most {@code max} characters. */
    public void qemuId(String path, String value, int max) {
        check.qemuId(path, value, max);
    }

    /** A Linux network interface name. */
    public void ifname(String path, String value) {
        check.ifname(path, value);
    }

    /** A host name or IP address. */
    public void host(String path, String value) {
        check.host(path, value);
    }

    /** A dotted IPv4 address. */
    public void ipv4(String path, String value) {
        check.ipv4(path, value);
    }

    /** A TCP port (1 to 65535). */
    public void tcpPort(String path, int value) {
        check.tcpPort(path, value);
    }

    /** A number within {@code min} to {@code max}. */
    public void range(String path, long value, long min, long max) {
        check.range(path, value, min, max);
    }

    /** Claims a firmware boot index (unique per machine, not negative). */
    public void bootIndex(String path, int index) {
        claims.bootIndex(path, index);
    }

    /** Claims {@code key} (a bus address, a mount tag...): a second claim is reported as {@code description} already used. */
    public void claim(String key, String path, String description) {
        claims.bus(key, path, description);
    }

    /**
     * Checks a guest mount tag at {@code path}: not empty, at most {@code maxBytes} bytes of UTF-8, and
     * claimed once among the tags of {@code kind} (e.g. {@code 9p mount tag}).
     */
    public void mountTag(String path, String tag, int maxBytes, String kind) {
        if (nonEmptyText(path, tag)) {
            if (tag.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                add(path, quote(tag) + " is longer than " + maxBytes + " bytes");
            }
            claim(kind + " " + tag, path, quote(tag));
        }
    }

    /** Claims a device id the device owns besides its own (a hub of a USB controller). */
    public void claimId(String path, String deviceId) {
        claims.id(path, deviceId);
    }

    /** Claims a MAC address. */
    public void mac(String path, String mac) {
        claims.mac(path, mac);
    }

    /** Reports {@code what} when the machine has no USB controller. */
    public void needsUsb(String path, String what) {
        claims.needsUsb(path, what);
    }

    /** Checks and claims a guest USB port (its hub must exist). */
    public void usbPort(String path, String port) {
        claims.usbPort(path, port);
    }

    /** Checks a serial or parallel port's host side under {@code path}. */
    public void charBackend(String path, CharBackend backend) {
        switch (backend) {
            case CharBackend.Pty p -> { }
            case CharBackend.UnixSocket u -> u.path().ifPresent(v -> absolutePath(path + ".path", v));
            case CharBackend.TcpClient t -> {
                host(path + ".host", t.host());
                tcpPort(path + ".port", t.port());
            }
            case CharBackend.TcpServer t -> {
                host(path + ".host", t.host());
                tcpPort(path + ".port", t.port());
            }
            case CharBackend.FileOutput f -> absolutePath(path + ".path", f.path());
            case CharBackend.HostDevice d -> absolutePath(path + ".path", d.path());
        }
    }

    /** An iothread reference: {@code name} must be one of the machine's iothreads. */
    public void iothread(String path, String name) {
        if (!machine().iothreads().contains(name)) {
            add(path, quote(name) + " is not a declared iothread (" + (machine().iothreads().isEmpty()
                    ? "iothreads is empty" : "iothreads: " + String.join(", ", machine().iothreads())) + ")");
        }
    }
}
