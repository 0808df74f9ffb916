package io.jqemu.libvirt.equivalence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.testsupport.TestQmp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one paused QEMU built, read over QMP: the machine (type, memory and its backend, vCPUs and
 * topology, CPU model and the features either command line names, ACPI, firmware flash, boot menu)
 * and every device under {@code /machine/peripheral} and {@code /machine/peripheral-anon} with the
 * properties that matter. A device's block backend is described by its nodes
 * ({@code query-block}: driver, read-only, cache, detect-zeroes, backing chain); the {@code aio} and
 * {@code discard} modes, which QEMU 7.2 does not report, come from the command line's options for
 * those nodes, as do a 9p device's {@code -fsdev} options (no QMP query) and a NIC's backend type
 * (before host backends became user networking). Paths and ports are reported as the originals the
 * stand-ins were made for. What QEMU derives is normalised: a protocol node read directly is
 * {@code raw}, {@code write-cache=auto} follows the cache mode, IDE serials {@code QM000NN} are
 * {@code (derived)}, a bus of the chipset is {@code built-in <bus>} and any PCI bus {@code pci},
 * 9p's {@code mapped} is {@code mapped-xattr}, ACPI {@code auto} is {@code on}; a device's
 * {@code discard} is its top node's.
 */
final class QemuSnapshot {
    /** Bridges and ports: the PCI layout, which jqemu makes itself on purpose. */
    static final Set<String> PCI_LAYOUT = Set.of("pcie-root-port", "ioh3420", "x3130-upstream",
            "xio3130-downstream", "pcie-pci-bridge", "pci-bridge", "pxb", "pxb-pcie");
    /** The device properties compared, when the device has them. */
    private static final List<String> PROPERTIES = List.of("bootindex", "mac", "mount_tag", "scsi-id", "lun",
            "channel", "unit", "removable", "serial", "wwn", "write-cache", "num-queues", "queue-size", "vgamem_mb",
            "vram_size", "ram_size", "max_outputs", "deflate-on-oom", "free-page-reporting", "rombar", "romfile",
            "name", "iothread", "logical_block_size", "physical_block_size", "share-rw", "port", "p2", "p3",
            "index", "hostbus", "hostaddr", "vendorid", "productid", "chardev", "netdev", "fsdev", "drive");

    /** Protocol drivers: a device reading one directly reads its bytes as a raw format node would. */
    private static final Set<String> PROTOCOLS = Set.of("file", "host_device", "host_cdrom");
    /** The default serial QEMU derives from an IDE drive's position ({@code QM00001} ...). */
    private static final java.util.regex.Pattern IDE_SERIAL = java.util.regex.Pattern.compile("QM\\d{5}");

    private final TestQmp qmp;
    private final CommandLine original;
    private final StandIns standIns;
    private final Map<String, String> chardevs = new HashMap<>();
    private final Map<String, JsonNode> blocks = new HashMap<>();
    private final Map<String, JsonNode> blocksByQdev = new HashMap<>();

    private QemuSnapshot(TestQmp qmp, CommandLine original, StandIns standIns) {
        this.qmp = qmp;
        this.original = original;
        this.standIns = standIns;
    }

    /** The machine's facts and its devices. */
    record Facts(SortedMap<String, String> machine, List<DeviceFacts> devices) {
    }

    /**
     * Reads the QEMU behind {@code qmp}, started from {@code original} made runnable ({@code prepared});
     * {@code cpuFeatures} are the CPU properties to read (those either side's {@code -cpu} names).
     */
    static Facts read(TestQmp qmp, CommandLine original, RunnableArgv.Prepared prepared, StandIns standIns,
                      Set<String> cpuFeatures) throws IOException {
        QemuSnapshot s = new QemuSnapshot(qmp, original, standIns);
        for (JsonNode c : qmp.execute("query-chardev")) {
            s.chardevs.put(c.path("label").asText(), c.path("filename").asText());
        }
        for (JsonNode b : qmp.execute("query-block")) {
            if (b.has("inserted")) {
                if (!b.path("device").asText().isEmpty()) {
                    s.blocks.put(b.path("device").asText(), b.path("inserted"));
                }
                s.blocks.put(b.path("inserted").path("node-name").asText(), b.path("inserted"));
                s.blocksByQdev.put(b.path("qdev").asText(), b.path("inserted"));
            }
        }
        List<DeviceFacts> devices = new ArrayList<>();
        for (String container : List.of("/machine/peripheral", "/machine/peripheral-anon")) {
            for (JsonNode child : qmp.execute("qom-list", TestQmp.JSON.createObjectNode().put("path", container))) {
                String type = child.path("type").asText();
                if (type.startsWith("child<")) {
                    String qomType = type.substring(6, type.length() - 1);
                    if (!PCI_LAYOUT.contains(qomType)) {
                        devices.add(s.device(container + "/" + child.path("name").asText(), qomType));
                    }
                }
            }
        }
        for (ObjectNode aside : prepared.setAside()) {
            devices.add(s.setAside(aside));
        }
        return new Facts(s.machine(cpuFeatures), devices);
    }

    private SortedMap<String, String> machine(Set<String> cpuFeatures) throws IOException {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("name", qmp.execute("query-name").path("name").asText());
        m.put("uuid", qmp.execute("query-uuid").path("UUID").asText());
        m.put("machine type", qmp.qomGet("/machine", "type").asText());
        m.put("memory", Long.toString(qmp.execute("query-memory-size-summary").path("base-memory").asLong()));
        m.put("memory backend", memoryBackend());
        JsonNode smp = qmp.qomGet("/machine", "smp");
        m.put("vcpus", smp.path("cpus").asText() + " (max " + smp.path("maxcpus").asText() + ")");
        m.put("topology", "sockets=" + smp.path("sockets").asText() + " cores=" + smp.path("cores").asText()
                + " threads=" + smp.path("threads").asText() + " dies=" + smp.path("dies").asText());
        JsonNode cpus = qmp.execute("query-cpus-fast");
        String cpu = cpus.get(0).path("qom-path").asText();
        m.put("cpu model", qmp.qomGet(cpu, "type").asText());
        for (String feature : cpuFeatures) {
            m.put("cpu feature " + feature, optional(cpu, feature));
        }
        String acpi = optional("/machine", "acpi");
        m.put("acpi", acpi.equals("auto") ? "on" : acpi);
        JsonNode boot = qmp.qomGet("/machine", "boot");
        m.put("boot menu", boot.path("menu").asText("false"));
        m.put("boot strict", boot.path("strict").asText("false"));
        for (int i = 0; i < 2; i++) {
            String drive = optional("/machine/system.flash" + i, "drive");
            m.put("firmware flash" + i, drive.isEmpty() || drive.equals("(none)") ? "none"
                    : "read-only=" + blocks.getOrDefault(drive, TestQmp.JSON.createObjectNode()).path("ro").asText("?"));
        }
        return m;
    }

    private String memoryBackend() throws IOException {
        String backend = optional("/machine", "memory-backend");
        if (backend.isEmpty() || backend.equals("(none)")) {
            return "ram";
        }
        String type = qmp.qomGet(backend, "type").asText();
        if (type.equals("memory-backend-ram")) {
            return "ram";
        }
        return type + " prealloc=" + optional(backend, "prealloc");
    }

    /** A property's value as text, {@code (none)} when the object has no such property. */
    private String optional(String path, String property) throws IOException {
        JsonNode reply = qmp.raw("qom-get", TestQmp.JSON.createObjectNode().put("path", path).put("property", property));
        if (reply.has("error")) {
            return "(none)";
        }
        JsonNode v = reply.get("return");
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private DeviceFacts device(String path, String type) throws IOException {
        Set<String> has = new java.util.HashSet<>();
        for (JsonNode p : qmp.execute("qom-list", TestQmp.JSON.createObjectNode().put("path", path))) {
            String kind = p.path("type").asText();
            if (!kind.startsWith("child<") && !kind.startsWith("link<")) {
                has.add(p.path("name").asText());
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        String key = "";
        props.put("bus", bus(path));
        for (String name : PROPERTIES) {
            if (!has.contains(name)) {
                continue;
            }
            JsonNode v = qmp.qomGet(path, name);
            String text = v.isNull() ? "" : v.asText();
            switch (name) {
                case "drive" -> {
                    key = describeDrive(text.isEmpty() ? innerDrive(path) : blocks.get(text), text, props);
                }
                case "chardev" -> props.put("chardev", chardevBackend(text));
                case "netdev" -> props.put("netdev", netdevType(text));
                case "fsdev" -> props.put("fsdev", fsdev(text));
                case "romfile" -> props.put(name, text.isEmpty() ? "" : standIns.original(text));
                case "mac" -> {
                    key = "mac " + text;
                    props.put(name, text);
                }
                case "mount_tag" -> {
                    key = "tag " + text;
                    props.put(name, text);
                }
                case "serial" -> props.put(name, IDE_SERIAL.matcher(text).matches() ? "(derived)" : text);
                default -> props.put(name, text);
            }
        }
        return DeviceFacts.of(type, key, props);
    }

    /** The bus a device sits on: {@code pci} for any PCI bus (the layout), else its owner's type and bus number. */
    private String bus(String path) throws IOException {
        String parent = optional(path, "parent_bus");
        if (parent.equals("(none)") || parent.isEmpty()) {
            return "";
        }
        String busName = parent.substring(parent.lastIndexOf('/') + 1);
        String owner = parent.substring(0, parent.lastIndexOf('/'));
        String ownerType = optional(owner, "type");
        if (busName.startsWith("pci") || PCI_LAYOUT.contains(ownerType) || ownerType.contains("host")) {
            return "pci";
        }
        if (!owner.startsWith("/machine/peripheral")) {
            return "built-in " + busName;
        }
        String number = busName.contains(".") ? busName.substring(busName.lastIndexOf('.') + 1) : "0";
        return ownerType + ":" + number;
    }

    /** The medium of a device whose drive moved to a device inside it (usb-storage's SCSI disk). */
    private JsonNode innerDrive(String path) {
        for (Map.Entry<String, JsonNode> e : blocksByQdev.entrySet()) {
            if (e.getKey().startsWith(path + "/")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Adds the block backend's facts to {@code props} and returns the device's key (its image's original path). */
    private String describeDrive(JsonNode inserted, String drive, Map<String, String> props) {
        if (inserted == null) {
            props.put("medium", "none");
            return "";
        }
        String driver = inserted.path("drv").asText();
        props.put("block driver", PROTOCOLS.contains(driver) ? "raw" : driver);
        props.put("read-only", inserted.path("ro").asText());
        JsonNode cache = inserted.path("cache");
        props.put("cache", "writeback=" + cache.path("writeback").asText() + " direct=" + cache.path("direct").asText()
                + " no-flush=" + cache.path("no-flush").asText());
        props.put("detect-zeroes", inserted.path("detect_zeroes").asText());
        List<String> chain = new ArrayList<>();
        for (JsonNode image = inserted.path("image").path("backing-image"); !image.isMissingNode();
             image = image.path("backing-image")) {
            chain.add(standIns.original(image.path("filename").asText()) + " (" + image.path("format").asText() + ")");
        }
        props.put("backing chain", String.join(" <- ", chain));
        String node = drive.isEmpty() || blockOptions(drive) == null ? inserted.path("node-name").asText() : drive;
        props.put("aio", optionOfNodes(node, "aio", "threads"));
        ObjectNode top = blockOptions(node);
        props.put("discard", top == null || !top.has("discard") ? "ignore" : top.path("discard").asText());
        if ("auto".equals(props.get("write-cache"))) {
            props.put("write-cache", cache.path("writeback").asBoolean() ? "on" : "off");
        }
        return "disk " + originalFile(node);
    }

    /** The path the original command line gives the bottom node under {@code node}. */
    private String originalFile(String node) {
        String current = node;
        while (current != null) {
            ObjectNode options = blockOptions(current);
            if (options == null) {
                return "(node " + current + ")";
            }
            if (options.has("filename")) {
                return options.path("filename").asText();
            }
            if (options.has("\u0001file")) {
                return options.path("\u0001file").asText();
            }
            current = options.path("file").isTextual() ? options.path("file").asText() : null;
        }
        return "(no file)";
    }

    /**
     * An option of a node or the first node under it that has it, as the original command line asked
     * (QEMU 7.2 does not report {@code aio}), or {@code fallback}.
     */
    private String optionOfNodes(String node, String option, String fallback) {
        List<String> values = new ArrayList<>();
        String current = node;
        while (current != null) {
            ObjectNode options = blockOptions(current);
            if (options == null) {
                break;
            }
            if (options.has(option)) {
                values.add(options.path(option).asText());
                break;
            }
            current = options.path("file").isTextual() ? options.path("file").asText() : null;
        }
        return values.isEmpty() ? fallback : String.join("/", values);
    }

    private ObjectNode blockOptions(String node) {
        for (QemuOption o : original.options()) {
            if (o.name().equals("-blockdev")) {
                ObjectNode bd = o.object();
                if (bd.path("node-name").asText().equals(node)) {
                    return bd;
                }
            } else if (o.name().equals("-drive")) {
                OptionValue d = OptionValue.of(o, "\u0000");
                if (d.get("id").equals(node)) {
                    ObjectNode flat = d.node().deepCopy();
                    flat.set("\u0001file", flat.remove("file"));
                    return flat;
                }
            }
        }
        return null;
    }

    private String chardevBackend(String label) {
        String filename = chardevs.getOrDefault(label, "(missing " + label + ")");
        filename = filename.replaceFirst("^disconnected:", "");
        if (filename.startsWith("pty:")) {
            return "pty";
        }
        java.util.regex.Matcher tcp = java.util.regex.Pattern.compile("^(tcp|telnet):([^:]+):(\\d+)(.*)$").matcher(filename);
        if (tcp.matches()) {
            int port = Integer.parseInt(tcp.group(3));
            return tcp.group(1) + ":" + tcp.group(2) + ":" + standIns.originalPort(port).orElse(port) + tcp.group(4);
        }
        if (filename.startsWith("unix:")) {
            return "unix" + filename.substring(filename.indexOf(','));
        }
        return filename;
    }

    private String netdevType(String id) {
        for (QemuOption o : original.options()) {
            if (o.name().equals("-netdev")) {
                OptionValue n = OptionValue.of(o, "type");
                if (n.get("id").equals(id)) {
                    return n.type();
                }
            }
        }
        return "(missing " + id + ")";
    }

    private String fsdev(String id) {
        for (QemuOption o : original.options()) {
            if (o.name().equals("-fsdev")) {
                OptionValue f = OptionValue.of(o, "fsdriver");
                if (f.get("id").equals(id)) {
                    String model = f.get("security_model").equals("mapped") ? "mapped-xattr" : f.get("security_model");
                    return f.type() + " path=" + f.get("path") + " security_model=" + model
                            + " readonly=" + (f.has("readonly") ? f.get("readonly") : "off")
                            + " writeout=" + (f.has("writeout") ? f.get("writeout") : "default");
                }
            }
        }
        return "(missing " + id + ")";
    }

    private DeviceFacts setAside(ObjectNode d) {
        Map<String, String> props = new LinkedHashMap<>();
        String driver = d.path("driver").asText();
        String key;
        if (driver.equals("vfio-pci")) {
            String host = d.path("host").asText();
            key = "host " + (host.matches("^[0-9a-fA-F]{2}:.*") ? "0000:" + host : host).toLowerCase();
        } else if (d.has("hostdevice")) {
            String[] parts = d.path("hostdevice").asText().split("/");
            key = "usb " + Integer.parseInt(parts[parts.length - 2]) + ":" + Integer.parseInt(parts[parts.length - 1]);
        } else if (d.has("hostbus")) {
            key = "usb " + d.path("hostbus").asInt() + ":" + d.path("hostaddr").asInt();
        } else {
            key = "usb " + d.path("vendorid").asText() + ":" + d.path("productid").asText();
        }
        for (String p : List.of("rombar", "romfile", "bootindex")) {
            if (d.has(p)) {
                props.put(p, d.path(p).asText());
            }
        }
        return DeviceFacts.of(driver, key, props);
    }
}
