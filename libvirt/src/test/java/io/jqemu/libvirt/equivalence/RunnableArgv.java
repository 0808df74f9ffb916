package io.jqemu.libvirt.equivalence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a command line runnable on this machine, paused, with a QMP monitor of the test's own. The
 * same rules apply to libvirt's command line and to jqemu's, so that what differs afterwards is what
 * the two asked QEMU for. One rule per artefact (see docs/from-libvirt.md, "How the comparison is
 * made"):
 * <ol>
 * <li>environment assignments are dropped; the emulator ({@code qemu-system-i386} too) is this
 *     machine's {@code qemu-system-x86_64};</li>
 * <li>every monitor ({@code -mon} and its {@code -chardev}, fd-passed or not) and every {@code -add-fd}
 *     is dropped; the test's own QMP monitor is added;</li>
 * <li>libvirt's master-key secret ({@code -object secret}, id {@code masterKey0}) is dropped;</li>
 * <li>KVM becomes TCG ({@code -accel}, {@code accel=}) and {@code -cpu host} becomes {@code -cpu max}
 *     with the same features: this machine's /dev/kvm cannot run guests;</li>
 * <li>a machine type the binary does not know (libvirt's test capabilities are newer) becomes the
 *     newest of its family ({@code q35}, {@code pc}); {@code -realtime mlock=} becomes
 *     {@code -overcommit mem-lock=};</li>
 * <li>a device driver the binary does not have is dropped with the devices on its buses; a device or
 *     object property it does not have is dropped;</li>
 * <li>{@code scsi-block} (SCSI pass-through of a host disk, which needs SG_IO) becomes
 *     {@code scsi-hd} on the disk's stand-in;</li>
 * <li>host block devices become raw image files, host CD-ROM drives ISO files, image files stand-ins
 *     of the same kind (qcow2 when a qcow2 node reads them, with the stand-in of its backing node's
 *     image in the header when the command line gives it one, else raw), the firmware behind
 *     {@code pflash0} the {@code ovmf} package's code and the one behind {@code pflash1} a fresh copy
 *     of its vars template, 9p exports and hugetlbfs paths directories, chardev files and ROM files
 *     files in the case's directory;</li>
 * <li>host network backends (tap by fd or name, passt's stream socket, vhost) become user
 *     networking;</li>
 * <li>vfio-pci and usb-host devices are set aside (no IOMMU here; QEMU opens a host USB device at
 *     once) and compared as their options ask;</li>
 * <li>listeners (TCP chardevs, VNC, SPICE) move to loopback on free ports; SPICE's TLS options,
 *     which need libvirt's host certificates, are dropped.</li>
 * </ol>
 */
final class RunnableArgv {
    private static final Set<String> SET_ASIDE = Set.of("vfio-pci", "usb-host");
    private static final Set<String> HOST_NETDEVS = Set.of("tap", "stream", "bridge", "vhost-user", "vhost-vdpa",
            "l2tpv3", "socket", "dgram");
    private static final Set<String> SPICE_TLS = Set.of("tls-port", "x509-dir", "tls-channel", "plaintext-channel",
            "x509-key-file", "x509-cert-file", "x509-cacert-file", "x509-dh-key-file", "tls-ciphers");

    /** Properties every device has (qdev's own), which device-list-properties does not list. */
    private static final Set<String> QDEV = Set.of("driver", "id", "bus", "addr", "failover_pair_id");
    private static final String NO_TYPE = "\u0000";

    private final StandIns standIns;
    private final BinaryFacts binary;
    private final List<String> changes = new ArrayList<>();
    private final List<ObjectNode> setAside = new ArrayList<>();
    private final Set<String> monitorChardevs = new HashSet<>();
    private final Set<String> droppedControllers = new HashSet<>();
    private final Map<String, String> formatOfStorage = new HashMap<>();
    /** Storage node of an overlay -> the original file of its backing image's storage node. */
    private final Map<String, String> backingOfStorage = new HashMap<>();
    private final Map<String, String> pflashRole = new HashMap<>();

    private RunnableArgv(StandIns standIns, BinaryFacts binary) {
        this.standIns = standIns;
        this.binary = binary;
    }

    /** The runnable argv, what the rules changed and the devices set aside. */
    record Prepared(List<String> argv, List<String> changes, List<ObjectNode> setAside) {
    }

    /** Applies the rules to {@code line}, adding a QMP monitor on {@code qmpSocket}. */
    static Prepared prepare(CommandLine line, StandIns standIns, BinaryFacts binary, Path qmpSocket) {
        RunnableArgv r = new RunnableArgv(standIns, binary);
        r.scan(line);
        List<QemuOption> out = new ArrayList<>();
        if (!line.environment().isEmpty()) {
            r.changes.add("environment dropped");
        }
        for (QemuOption o : line.options()) {
            r.apply(o, out);
        }
        out.add(QemuOption.of("-chardev", "socket,id=equivalence-qmp,path=" + qmpSocket + ",server=on,wait=off"));
        out.add(QemuOption.of("-mon", "chardev=equivalence-qmp,mode=control"));
        List<String> argv = new CommandLine(List.of(), io.jqemu.testsupport.QemuBinary.path(), out).argv();
        return new Prepared(argv, List.copyOf(r.changes), List.copyOf(r.setAside));
    }

    private void scan(CommandLine line) {
        for (QemuOption o : line.options()) {
            switch (o.name()) {
                case "-mon" -> monitorChardevs.add(o.keyValues().getOrDefault("chardev", ""));
                case "-blockdev" -> {
                    ObjectNode bd = o.object();
                    if (bd.path("file").isTextual()) {
                        formatOfStorage.put(bd.path("file").asText(), bd.path("driver").asText());
                    }
                }
                case "-machine" -> {
                    Map<String, String> kv = o.keyValues();
                    for (String role : List.of("pflash0", "pflash1")) {
                        if (kv.containsKey(role)) {
                            pflashRole.put(kv.get(role), role);
                        }
                    }
                }
                default -> { }
            }
        }
        Map<String, ObjectNode> nodes = new HashMap<>();
        for (QemuOption o : line.options()) {
            if (o.name().equals("-blockdev")) {
                nodes.put(o.object().path("node-name").asText(), o.object());
            }
        }
        for (ObjectNode format : nodes.values()) {
            ObjectNode backing = format.path("backing").isTextual() ? nodes.get(format.path("backing").asText()) : null;
            ObjectNode backingStorage = backing == null ? null : nodes.get(backing.path("file").asText());
            if (backingStorage != null && format.path("file").isTextual()) {
                backingOfStorage.put(format.path("file").asText(), backingStorage.path("filename").asText());
            }
        }
        // the storage node under a pflash format node has the format node's role
        for (QemuOption o : line.options()) {
            if (o.name().equals("-blockdev")) {
                ObjectNode bd = o.object();
                String role = pflashRole.get(bd.path("node-name").asText());
                if (role != null && bd.path("file").isTextual()) {
                    pflashRole.put(bd.path("file").asText(), role);
                }
            }
        }
    }

    private void apply(QemuOption o, List<QemuOption> out) {
        switch (o.name()) {
            case "-mon", "-add-fd" -> changes.add(o.name() + " dropped");
            case "-chardev" -> chardev(o, out);
            case "-object" -> object(o, out);
            case "-machine" -> machine(o, out);
            case "-accel" -> out.add(o.text().startsWith("kvm") ? accelChanged(o) : o);
            case "-cpu" -> out.add(cpu(o));
            case "-realtime" -> {
                String lock = o.keyValues().getOrDefault("mlock", "off");
                changes.add("-realtime -> -overcommit");
                out.add(QemuOption.of("-overcommit", "mem-lock=" + lock));
            }
            case "-blockdev" -> out.add(blockdev(o));
            case "-drive" -> out.add(drive(o));
            case "-netdev" -> out.add(netdev(o));
            case "-device" -> device(o, out);
            case "-fsdev" -> out.add(fsdev(o));
            case "-spice" -> out.add(spice(o));
            case "-vnc" -> out.add(vnc(o));
            default -> out.add(o);
        }
    }

    private QemuOption accelChanged(QemuOption o) {
        changes.add("kvm -> tcg");
        return QemuOption.of("-accel", "tcg" + o.text().substring(3));
    }

    private void chardev(QemuOption o, List<QemuOption> out) {
        OptionValue c = OptionValue.of(o, "backend");
        if (monitorChardevs.contains(c.get("id"))) {
            changes.add("monitor chardev " + c.get("id") + " dropped");
            return;
        }
        switch (c.type()) {
            case "socket" -> {
                if (c.has("port")) {
                    c.put("host", "127.0.0.1");
                    c.put("port", Integer.toString(standIns.port(Integer.parseInt(c.get("port")))));
                } else if (c.has("fd")) {
                    c.remove("fd");
                    c.put("path", standIns.outputFile("fd-socket:" + c.get("id")) + ".sock");
                } else if (c.has("path")) {
                    c.put("path", standIns.outputFile(c.get("path")) + ".sock");
                }
            }
            case "file", "pipe" -> c.put("path", standIns.outputFile(
                    c.get("path").startsWith("/dev/fdset/") ? "fdset:" + c.get("id") : c.get("path")).toString());
            default -> { }
        }
        out.add(c.toOption("-chardev"));
    }

    private void object(QemuOption o, List<QemuOption> out) {
        OptionValue obj = OptionValue.of(o, "qom-type");
        if (obj.type().equals("secret") && obj.get("id").equals("masterKey0")) {
            changes.add("master-key secret dropped");
            return;
        }
        if (obj.has("mem-path")) {
            obj.put("mem-path", standIns.directory(obj.get("mem-path")).toString());
        }
        for (String key : keys(obj)) {
            if (!key.equals("qom-type") && !key.equals("id") && !binary.objectHas(obj.type(), key)) {
                changes.add("object property " + key + " unknown to QEMU 7.2 dropped");
                obj.remove(key);
            }
        }
        out.add(obj.toOption("-object"));
    }

    private void machine(QemuOption o, List<QemuOption> out) {
        OptionValue m = OptionValue.of(o, "type");
        String type = m.type();
        if (!type.isEmpty() && !binary.hasMachine(type)) {
            String family = type.startsWith("pc-q35-") ? "q35" : "pc";
            changes.add("machine " + type + " -> " + family);
            m.put("type", family);
        }
        if (m.get("accel").equals("kvm")) {
            changes.add("kvm -> tcg");
            m.put("accel", "tcg");
        }
        out.add(m.toOption("-machine"));
    }

    private QemuOption cpu(QemuOption o) {
        String text = o.text();
        if (text.equals("host") || text.startsWith("host,")) {
            changes.add("-cpu host -> max");
            return QemuOption.of("-cpu", "max" + text.substring(4));
        }
        return o;
    }

    private QemuOption blockdev(QemuOption o) {
        ObjectNode bd = o.object();
        String driver = bd.path("driver").asText();
        String filename = bd.path("filename").asText();
        String node = bd.path("node-name").asText();
        String role = pflashRole.getOrDefault(node, "");
        switch (driver) {
            case "host_device" -> {
                bd.put("driver", "file");
                bd.put("filename", standIns.image(filename, false).toString());
                changes.add("host block device " + filename + " -> raw image");
            }
            case "host_cdrom" -> {
                bd.put("driver", "file");
                bd.put("filename", standIns.iso(filename).toString());
                changes.add("host CD-ROM " + filename + " -> ISO file");
            }
            case "file" -> {
                if (role.equals("pflash0")) {
                    bd.put("filename", StandIns.OVMF_CODE.toString());
                } else if (role.equals("pflash1")) {
                    bd.put("filename", standIns.ovmfVars(filename).toString());
                } else if (filename.endsWith(".iso")) {
                    bd.put("filename", standIns.iso(filename).toString());
                } else {
                    String backing = backingOfStorage.get(node);
                    bd.put("filename", standIns.image(filename, "qcow2".equals(formatOfStorage.get(node)),
                            backing == null ? null : standIns.image(backing, true)).toString());
                }
            }
            default -> { }
        }
        return QemuOption.json("-blockdev", bd);
    }

    private QemuOption drive(QemuOption o) {
        OptionValue d = OptionValue.of(o, NO_TYPE);
        if (d.has("file")) {
            d.put("file", standIns.image(d.get("file"), d.get("format").equals("qcow2")).toString());
        }
        return d.toOption("-drive");
    }

    private QemuOption netdev(QemuOption o) {
        OptionValue n = OptionValue.of(o, "type");
        if (!HOST_NETDEVS.contains(n.type())) {
            return o;
        }
        changes.add("netdev " + n.type() + " " + n.get("id") + " -> user");
        ObjectNode user = QemuOption.JSON.createObjectNode().put("type", "user").put("id", n.get("id"));
        return QemuOption.json("-netdev", user);
    }

    private void device(QemuOption o, List<QemuOption> out) {
        OptionValue d = OptionValue.of(o, "driver");
        String driver = d.type();
        String bus = d.get("bus");
        String busOwner = bus.contains(".") ? bus.substring(0, bus.lastIndexOf('.')) : bus;
        if (SET_ASIDE.contains(driver)) {
            changes.add(driver + " " + d.get("id") + " set aside");
            setAside.add(d.node());
            return;
        }
        if (!binary.hasDevice(driver) || droppedControllers.contains(busOwner)) {
            changes.add("device " + driver + " " + d.get("id") + " dropped (not in this QEMU)");
            if (d.has("id")) {
                droppedControllers.add(d.get("id"));
            }
            return;
        }
        for (String key : keys(d)) {
            if (!QDEV.contains(key) && !binary.deviceHas(driver, key)) {
                changes.add("device property " + driver + "." + key + " unknown to QEMU 7.2 dropped");
                d.remove(key);
            }
        }
        if (driver.equals("scsi-block")) {
            changes.add("scsi-block " + d.get("id") + " -> scsi-hd");
            d.put("driver", "scsi-hd");
        }
        if (d.has("romfile")) {
            d.put("romfile", standIns.romFile(d.get("romfile")).toString());
        }
        out.add(d.toOption("-device"));
    }

    private QemuOption fsdev(QemuOption o) {
        OptionValue f = OptionValue.of(o, "fsdriver");
        if (f.has("path")) {
            f.put("path", standIns.directory(f.get("path")).toString());
        }
        return f.toOption("-fsdev");
    }

    private QemuOption spice(QemuOption o) {
        Map<String, String> kv = new LinkedHashMap<>(o.keyValues());
        kv.keySet().removeIf(k -> {
            boolean tls = SPICE_TLS.contains(k);
            if (tls) {
                changes.add("spice " + k + " dropped");
            }
            return tls;
        });
        if (kv.containsKey("port")) {
            kv.put("port", Integer.toString(standIns.port(Integer.parseInt(kv.get("port")))));
        }
        if (kv.containsKey("addr")) {
            kv.put("addr", "127.0.0.1");
        }
        return QemuOption.of("-spice", QemuOption.keyValueText(kv));
    }

    private QemuOption vnc(QemuOption o) {
        String text = o.text();
        int comma = text.indexOf(',');
        String address = comma < 0 ? text : text.substring(0, comma);
        String rest = comma < 0 ? "" : text.substring(comma);
        if (address.startsWith("unix:")) {
            return o;
        }
        int display = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        int standIn = standIns.port(5900 + display) - 5900;
        return QemuOption.of("-vnc", "127.0.0.1:" + standIn + rest);
    }

    private static List<String> keys(OptionValue v) {
        List<String> keys = new ArrayList<>();
        v.keys().forEachRemaining(keys::add);
        return keys;
    }
}
