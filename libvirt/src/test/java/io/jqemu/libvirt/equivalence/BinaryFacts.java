package io.jqemu.libvirt.equivalence;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.TestQmp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What this machine's QEMU binary knows, asked once over QMP of one paused helper QEMU: its QOM
 * types, each device's and object's properties, its machine types. The rules that make libvirt's
 * command line runnable drop what the binary does not know (libvirt's test capabilities are
 * newer than QEMU 7.2).
 */
final class BinaryFacts implements AutoCloseable {
    private final PausedQemu helper;
    private final TestQmp qmp;
    private final Set<String> types = new HashSet<>();
    private final Set<String> machines = new HashSet<>();
    private final Map<String, Set<String>> properties = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();

    private BinaryFacts(PausedQemu helper) throws IOException {
        this.helper = helper;
        this.qmp = TestQmp.connect(helper.secondQmpSocket());
        for (JsonNode t : qmp.execute("qom-list-types", TestQmp.JSON.createObjectNode().put("abstract", true))) {
            types.add(t.path("name").asText());
        }
        String help = qmp.hmp("device_add help");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name \"([^\"]+)\"[^\n]*alias \"([^\"]+)\"").matcher(help);
        while (m.find()) {
            aliases.put(m.group(2), m.group(1));
        }
        for (JsonNode machine : qmp.execute("query-machines")) {
            machines.add(machine.path("name").asText());
            if (machine.has("alias")) {
                machines.add(machine.path("alias").asText());
            }
        }
    }

    /** Starts the helper QEMU. */
    static BinaryFacts start() {
        PausedQemu helper = PausedQemu.start();
        try {
            return new BinaryFacts(helper);
        } catch (IOException e) {
            helper.close();
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the binary has the QOM type (device driver, object type) {@code type}. */
    boolean hasType(String type) {
        return types.contains(type);
    }

    /** Whether the binary has the device driver (or alias, {@code ahci}) {@code driver}. */
    boolean hasDevice(String driver) {
        return types.contains(driver) || aliases.containsKey(driver);
    }

    /** Whether the binary has the machine type (or alias) {@code machine}. */
    boolean hasMachine(String machine) {
        return machines.contains(machine);
    }

    /** Whether the device driver {@code driver} has the property {@code property}. */
    synchronized boolean deviceHas(String driver, String property) {
        String type = aliases.getOrDefault(driver, driver);
        return properties.computeIfAbsent("device:" + type, k -> list("device-list-properties", type))
                .contains(property);
    }

    /** Whether the object type {@code type} has the property {@code property}. */
    synchronized boolean objectHas(String type, String property) {
        return properties.computeIfAbsent("object:" + type, k -> list("qom-list-properties", type)).contains(property);
    }

    private Set<String> list(String command, String typename) {
        Set<String> names = new HashSet<>();
        try {
            for (JsonNode p : qmp.execute(command, TestQmp.JSON.createObjectNode().put("typename", typename))) {
                names.add(p.path("name").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        qmp.close();
        helper.close();
    }
}
