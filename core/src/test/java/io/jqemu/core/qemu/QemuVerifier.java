package io.jqemu.core.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.CpuFlag;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PcieLayout;
import io.jqemu.testsupport.TestQmp;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.ArrayList;

/**
 * Checks through QMP that a running QEMU has every device, block node, netdev and chardev of a rendered
 * argv, each with the properties the argv asked for (qom-get per property, query-named-block-nodes,
 * query-pci for the root bus, query-chardev, info usernet), plus the machine-wide settings (name, UUID, vCPUs, memory, type, direct-boot kernel, initrd and command
 * line).
 */
public final class QemuVerifier {
    /** Device properties with their own checks or none readable back through QOM. */
    private static final Set<String> NOT_QOM = Set.of("driver", "id", "bus", "addr", "drive");

    private final TestQmp qmp;
    private final List<String> mismatches = new ArrayList<>();

    private QemuVerifier(TestQmp qmp) {
        this.qmp = qmp;
    }

    /** Verifies {@code argv} (rendered from {@code machine}) against the QEMU behind {@code qmp}. */
    public static void verify(Machine machine, List<String> argv, TestQmp qmp) throws IOException {
        QemuVerifier v = new QemuVerifier(qmp);
        v.machine(machine);
        Map<String, JsonNode> nodes = v.blockNodes();
        JsonNode rootBus = v.rootBusDevices();
        for (int i = 1; i < argv.size() - 1; i++) {
            String value = argv.get(i + 1);
            switch (argv.get(i)) {
                case "-device" -> v.device((ObjectNode) TestQmp.JSON.readTree(value), rootBus, nodes);
                case "-blockdev" -> v.blockdev((ObjectNode) TestQmp.JSON.readTree(value), nodes);
                case "-netdev" -> v.netdev((ObjectNode) TestQmp.JSON.readTree(value));
                case "-chardev" -> v.chardev(value);
                case "-object" -> v.object((ObjectNode) TestQmp.JSON.readTree(value));
                case "-kernel" -> v.machineProperty("kernel", value);
                case "-initrd" -> v.machineProperty("initrd", value);
                case "-append" -> v.machineProperty("append", value);
                default -> { }
            }
        }
        if (!v.mismatches.isEmpty()) {
            throw new AssertionError(v.mismatches.size() + " mismatches between argv and QEMU:\n  "
                    + String.join("\n  ", v.mismatches));
        }
    }

    private void machine(Machine m) throws IOException {
        expect("name", m.name(), qmp.execute("query-name").path("name").asText());
        expect("uuid", m.uuid().toString(), qmp.execute("query-uuid").path("UUID").asText());
        expect("vcpus", m.cpu().vcpus(), qmp.execute("query-cpus-fast").size());
        expect("memory", m.memoryMib() << 20, qmp.execute("query-memory-size-summary").path("base-memory").asLong());
        String type = m.machineType().equals("q35") ? "pc-q35-7.2-machine" : m.machineType() + "-machine";
        expect("machine type", type, qmp.qomGet("/machine", "type").asText());
        Optional<DirectKernelBoot> boot = m.directKernelBoot();
        machineProperty("kernel", boot.map(DirectKernelBoot::kernel).orElse(""));
        machineProperty("initrd", boot.flatMap(DirectKernelBoot::initrd).orElse(""));
        machineProperty("append", boot.flatMap(DirectKernelBoot::cmdline).orElse(""));
        expect("paused by -S", "prelaunch", qmp.execute("query-status").path("status").asText());
        List<String> iothreads = new ArrayList<>();
        qmp.execute("query-iothreads").forEach(t -> iothreads.add(t.path("id").asText()));
        expect("iothreads (query-iothreads, any order)", m.iothreads().stream().sorted().toList(),
                iothreads.stream().sorted().toList());
        expect("/machine memory-backend", m.memoryBacking() instanceof MemoryBacking.Anonymous ? "/objects/pc.ram"
                : "/objects/" + MachineRenderer.RAM_BACKEND, qmp.qomGet("/machine", "memory-backend").asText());
        cpu(m.cpu());
        if (m.firmware() instanceof Firmware.Ovmf ovmf) {
            secureBoot(ovmf.secureBoot());
        }
    }

    /**
     * Every vCPU's QOM object: its type is the model's, each flag has the value asked for, and each
     * Hyper-V enlightenment is on (hv-spinlocks holds the retry count).
     */
    private void cpu(Cpu cpu) throws IOException {
        for (JsonNode vcpu : qmp.execute("query-cpus-fast")) {
            String path = vcpu.path("qom-path").asText();
            expect(path + " type", cpu.model() + "-x86_64-cpu", qmp.qomGet(path, "type").asText());
            for (CpuFlag flag : cpu.parsedFlags()) {
                expect(path + " " + flag.name(), flag.enabled(), qmp.qomGet(path, flag.name()).asBoolean());
            }
            if (cpu.hyperv().isPresent()) {
                HyperV hyperv = cpu.hyperv().get();
                for (HyperV.Enlightenment e : hyperv.enlightenments()) {
                    JsonNode value = qmp.qomGet(path, e.qemuName());
                    if (e == HyperV.Enlightenment.SPINLOCKS) {
                        expect(path + " " + e.qemuName(), hyperv.spinlockRetries(), value.asLong());
                    } else {
                        expect(path + " " + e.qemuName(), true, value.asBoolean());
                    }
                }
            }
        }
    }

    /** SMM on the machine and secure pflash devices with Secure Boot; neither asked for without it. */
    private void secureBoot(boolean on) throws IOException {
        expect("/machine smm", on ? "on" : "auto", qmp.qomGet("/machine", "smm").asText());
        for (int i = 0; i < 2; i++) {
            String flash = "/machine/system.flash" + i;
            expect(flash + " secure", on, qmp.qomGet(flash, "secure").asBoolean());
            expect(flash + " drive", "fmt-pflash" + i, qmp.qomGet(flash, "drive").asText());
        }
    }

    /** A machine property QEMU keeps as given: {@code kernel}, {@code initrd}, {@code append}. */
    private void machineProperty(String property, String expected) throws IOException {
        expect("/machine " + property, expected, qmp.qomGet("/machine", property).asText());
    }

    private void expect(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            mismatches.add(what + ": expected " + expected + " but QEMU has " + actual);
        }
    }

    private Map<String, JsonNode> blockNodes() throws IOException {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode n : qmp.execute("query-named-block-nodes")) {
            byName.put(n.path("node-name").asText(), n);
        }
        return byName;
    }

    private JsonNode rootBusDevices() throws IOException {
        for (JsonNode bus : qmp.execute("query-pci")) {
            if (bus.path("bus").asInt() == 0) {
                return bus.path("devices");
            }
        }
        throw new AssertionError("query-pci has no bus 0");
    }

    private void device(ObjectNode dev, JsonNode rootBus, Map<String, JsonNode> nodes) throws IOException {
        String id = dev.path("id").asText();
        String path = "/machine/peripheral/" + id;
        expect(id + " type", dev.path("driver").asText(), qmp.qomGet(path, "type").asText());
        String bus = dev.path("bus").asText();
        if (!bus.isEmpty()) {
            String parent = qmp.qomGet(path, "parent_bus").asText();
            expect(id + " bus", bus, parent.substring(parent.lastIndexOf('/') + 1));
        }
        if (dev.has("addr")) {
            int devfn = devfn(dev.path("addr").asText());
            expect(id + " addr", devfn, qmp.qomGet(path, "addr").asInt());
            if (bus.equals(PcieLayout.ROOT_BUS)) {
                expect(id + " in query-pci", (devfn >> 3) + "." + (devfn & 7), onRootBus(rootBus, id));
            }
        }
        if (dev.has("drive")) {
            String node = dev.path("drive").asText();
            expect(id + " drive node", true, nodes.containsKey(node));
            String qdev = blockBackendOf(node);
            expect(id + ": query-block device of node " + node + " is " + qdev, true, qdev.contains(id));
        }
        for (Map.Entry<String, JsonNode> e : dev.properties()) {
            if (NOT_QOM.contains(e.getKey())) {
                continue;
            }
            JsonNode actual = qmp.qomGet(path, e.getKey());
            JsonNode expected = e.getValue();
            String what = id + "." + e.getKey();
            if (expected.isBoolean()) {
                expect(what, expected.asBoolean(), actual.asBoolean());
            } else if (expected.isNumber()) {
                expect(what, expected.asLong(), actual.asLong());
            } else if (actual.asText().startsWith("/objects/")) {
                expect(what + " (a link)", "/objects/" + expected.asText(), actual.asText());
            } else {
                expect(what, expected.asText(), actual.asText());
            }
        }
    }

    private String blockBackendOf(String node) throws IOException {
        for (JsonNode b : qmp.execute("query-block")) {
            if (b.path("inserted").path("node-name").asText().equals(node)) {
                return b.path("qdev").asText();
            }
        }
        return "";
    }

    private static String onRootBus(JsonNode rootBus, String id) {
        for (JsonNode d : rootBus) {
            if (d.path("qdev_id").asText().equals(id)) {
                return d.path("slot").asInt() + "." + d.path("function").asInt();
            }
        }
        return "absent";
    }

    static int devfn(String addr) {
        String[] parts = addr.split("\\.");
        return Integer.decode(parts[0]) << 3 | Integer.decode(parts[1]);
    }

    private void blockdev(ObjectNode bd, Map<String, JsonNode> nodes) {
        String name = bd.path("node-name").asText();
        JsonNode n = nodes.get(name);
        expect("block node " + name, true, n != null);
        if (n == null) {
            return;
        }
        expect(name + " driver", bd.path("driver").asText(), n.path("drv").asText());
        expect(name + " read-only", bd.path("read-only").asBoolean(), n.path("ro").asBoolean());
        if (bd.has("filename")) {
            expect(name + " filename", bd.path("filename").asText(), n.path("file").asText());
        }
        if (bd.has("cache")) {
            JsonNode asked = bd.path("cache");
            JsonNode has = n.path("cache");
            expect(name + " cache.direct", asked.path("direct").asBoolean(), has.path("direct").asBoolean());
            expect(name + " cache.no-flush", asked.path("no-flush").asBoolean(), has.path("no-flush").asBoolean());
        }
        if (bd.has("detect-zeroes")) {
            expect(name + " detect-zeroes", bd.path("detect-zeroes").asText(), n.path("detect_zeroes").asText());
        }
    }

    private void netdev(ObjectNode nd) throws IOException {
        if (!nd.path("type").asText().equals("user")) {
            return;
        }
        String usernet = qmp.hmp("info usernet");
        String id = nd.path("id").asText();
        expect("netdev " + id + " in info usernet", true, usernet.contains("(" + id + ")"));
        for (JsonNode fwd : nd.path("hostfwd")) {
            String hostPort = fwd.path("str").asText().replaceAll("^[a-z]+:[^:]*:(\\d+)-.*$", "$1");
            Pattern listening = Pattern.compile("HOST_FORWARD\\]\\s+\\d+\\s+\\S+\\s+" + hostPort + "\\s");
            expect("hostfwd " + fwd, true, listening.matcher(usernet).find());
        }
    }

    private void object(ObjectNode obj) throws IOException {
        String path = "/objects/" + obj.path("id").asText();
        expect(path + " type", obj.path("qom-type").asText(), qmp.qomGet(path, "type").asText());
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (!e.getKey().equals("qom-type") && !e.getKey().equals("id")) {
                expect(path + "." + e.getKey(), e.getValue().asText(), qmp.qomGet(path, e.getKey()).asText());
            }
        }
    }

    private void chardev(String options) throws IOException {
        String id = options.replaceAll("^.*\\bid=([^,]+).*$", "$1");
        boolean found = false;
        for (JsonNode c : qmp.execute("query-chardev")) {
            found |= c.path("label").asText().equals(id);
        }
        expect("chardev " + id + " in query-chardev", true, found);
    }
}
