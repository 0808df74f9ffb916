package io.jqemu.core.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PcieLayout;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;

/**
 * Checks through QMP that a running QEMU has every device, block node, netdev and chardev of a rendered
 * argv, each with the properties the argv asked for (qom-get per property, query-named-block-nodes,
 * query-pci for the root bus, query-chardev, info usernet), plus the machine-wide settings.
 */
public final class QemuVerifier {
    /** Device properties with their own checks or none readable back through QOM. */
    private static final Set<String> NOT_QOM = Set.of("driver", "id", "bus", "addr", "drive");

    private final TestQmp qmp;
    private final SoftAssertions soft = new SoftAssertions();

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
                default -> { }
            }
        }
        v.soft.assertAll();
    }

    private void machine(Machine m) throws IOException {
        soft.assertThat(qmp.execute("query-name").path("name").asText()).as("name").isEqualTo(m.name());
        soft.assertThat(qmp.execute("query-uuid").path("UUID").asText()).as("uuid").isEqualTo(m.uuid().toString());
        soft.assertThat(qmp.execute("query-cpus-fast").size()).as("vcpus").isEqualTo(m.cpu().vcpus());
        soft.assertThat(qmp.execute("query-memory-size-summary").path("base-memory").asLong()).as("memory")
                .isEqualTo(m.memoryMib() << 20);
        soft.assertThat(qmp.qomGet("/machine", "type").asText()).as("machine type")
                .isEqualTo(m.machineType().equals("q35") ? "pc-q35-7.2-machine" : m.machineType() + "-machine");
        soft.assertThat(qmp.execute("query-status").path("status").asText()).as("paused by -S").isEqualTo("prelaunch");
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
        soft.assertThat(qmp.qomGet(path, "type").asText()).as("%s type", id).isEqualTo(dev.path("driver").asText());
        String bus = dev.path("bus").asText();
        if (!bus.isEmpty()) {
            String parent = qmp.qomGet(path, "parent_bus").asText();
            soft.assertThat(parent.substring(parent.lastIndexOf('/') + 1)).as("%s bus", id).isEqualTo(bus);
        }
        if (dev.has("addr")) {
            int devfn = devfn(dev.path("addr").asText());
            soft.assertThat(qmp.qomGet(path, "addr").asInt()).as("%s addr", id).isEqualTo(devfn);
            if (bus.equals(PcieLayout.ROOT_BUS)) {
                soft.assertThat(onRootBus(rootBus, id)).as("%s in query-pci at %s", id, dev.path("addr").asText())
                        .isEqualTo((devfn >> 3) + "." + (devfn & 7));
            }
        }
        if (dev.has("drive")) {
            String node = dev.path("drive").asText();
            soft.assertThat(nodes).as("%s drive node", id).containsKey(node);
            soft.assertThat(blockBackendOf(node)).as("%s: query-block device of node %s", id, node).contains(id);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = dev.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (NOT_QOM.contains(e.getKey())) {
                continue;
            }
            JsonNode actual = qmp.qomGet(path, e.getKey());
            JsonNode expected = e.getValue();
            String what = id + "." + e.getKey();
            if (expected.isBoolean()) {
                soft.assertThat(actual.asBoolean()).as(what).isEqualTo(expected.asBoolean());
            } else if (expected.isNumber()) {
                soft.assertThat(actual.asLong()).as(what).isEqualTo(expected.asLong());
            } else if (actual.asText().startsWith("/objects/")) {
                soft.assertThat(actual.asText()).as("%s (a link)", what).isEqualTo("/objects/" + expected.asText());
            } else {
                soft.assertThat(actual.asText()).as(what).isEqualTo(expected.asText());
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
        soft.assertThat(n).as("block node %s", name).isNotNull();
        if (n == null) {
            return;
        }
        soft.assertThat(n.path("drv").asText()).as("%s driver", name).isEqualTo(bd.path("driver").asText());
        soft.assertThat(n.path("ro").asBoolean()).as("%s read-only", name).isEqualTo(bd.path("read-only").asBoolean());
        if (bd.has("filename")) {
            soft.assertThat(n.path("file").asText()).as("%s filename", name).isEqualTo(bd.path("filename").asText());
        }
        if (bd.has("cache")) {
            soft.assertThat(n.path("cache").path("direct").asBoolean()).as("%s cache.direct", name)
                    .isEqualTo(bd.path("cache").path("direct").asBoolean());
            soft.assertThat(n.path("cache").path("no-flush").asBoolean()).as("%s cache.no-flush", name)
                    .isEqualTo(bd.path("cache").path("no-flush").asBoolean());
        }
        if (bd.has("detect-zeroes")) {
            soft.assertThat(n.path("detect_zeroes").asText()).as("%s detect-zeroes", name)
                    .isEqualTo(bd.path("detect-zeroes").asText());
        }
    }

    private void netdev(ObjectNode nd) throws IOException {
        if (!nd.path("type").asText().equals("user")) {
            return;
        }
        String usernet = qmp.hmp("info usernet");
        soft.assertThat(usernet).as("netdev %s", nd.path("id").asText()).contains("(" + nd.path("id").asText() + ")");
        for (JsonNode fwd : nd.path("hostfwd")) {
            String hostPort = fwd.path("str").asText().replaceAll("^[a-z]+:[^:]*:(\\d+)-.*$", "$1");
            soft.assertThat(usernet).as("hostfwd %s", fwd).containsPattern("HOST_FORWARD\\]\\s+\\d+\\s+\\S+\\s+" + hostPort + "\\s");
        }
    }

    private void object(ObjectNode obj) throws IOException {
        String path = "/objects/" + obj.path("id").asText();
        soft.assertThat(qmp.qomGet(path, "type").asText()).as("%s type", path).isEqualTo(obj.path("qom-type").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("qom-type") && !e.getKey().equals("id")) {
                soft.assertThat(qmp.qomGet(path, e.getKey()).asText()).as("%s.%s", path, e.getKey())
                        .isEqualTo(e.getValue().asText());
            }
        }
    }

    private void chardev(String options) throws IOException {
        String id = options.replaceAll("^.*\\bid=([^,]+).*$", "$1");
        boolean found = false;
        for (JsonNode c : qmp.execute("query-chardev")) {
            found |= c.path("label").asText().equals(id);
        }
        soft.assertThat(found).as("chardev %s in query-chardev", id).isTrue();
    }
}
