package io.jqemu.core.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.JqemuException;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link io.jqemu.core.model.Device} renders itself into: it adds its steps in order (back-ends
 * first, the device last) and its host needs; the result is a {@link DevicePlan} for the command
 * line or for QMP.
 */
public final class DeviceRendering {
    /** The xHCI controller's bus. */
    public static final String USB_BUS = "usb.0";

    private final Machine machine;
    private final PlacedDevice placed;
    private final Optional<String> rootPort;
    private final RenderContext context;
    private final List<PlanStep> steps = new ArrayList<>();
    private final List<HostResource> needs = new ArrayList<>();

    private DeviceRendering(Machine machine, PlacedDevice placed, Optional<String> rootPort, RenderContext context) {
        this.machine = machine;
        this.placed = placed;
        this.rootPort = rootPort;
        this.context = context;
    }

    /** Renders {@code placed} of {@code machine}, on {@code rootPort} when it takes one. */
    static DevicePlan plan(Machine machine, PlacedDevice placed, Optional<String> rootPort, RenderContext context) {
        DeviceRendering out = new DeviceRendering(machine, placed, rootPort, context);
        placed.device().render(out);
        return new DevicePlan(placed.id(), placed.path(), out.steps, rootPort, out.needs);
    }

    /** The machine the device belongs to. */
    public Machine machine() {
        return machine;
    }

    /** The device's id. */
    public String id() {
        return placed.id();
    }

    /** The device's index among the machine's devices of its kind. */
    public int index() {
        return placed.index();
    }

    /** The device's field path, e.g. {@code nics[1]}. */
    public String path() {
        return placed.path();
    }

    /** The path of one of the device's fields. */
    public String field(String name) {
        return placed.path() + "." + name;
    }

    /** What only the launcher knows (runtime directory, host facts, descriptors). */
    public RenderContext context() {
        return context;
    }

    /** The id of the PCIe root port the device sits on; only for devices that take one. */
    public String rootPort() {
        return rootPort.orElseThrow(() -> new JqemuException(placed.path() + ": " + placed.id()
                + " needs a PCIe root port"));
    }

    /** A new, empty JSON object for options. */
    public ObjectNode json() {
        return QemuJson.object();
    }

    /** Adds a block node ({@code -blockdev}); {@code options} carries {@code node-name}. */
    public void blockNode(String nodeName, ObjectNode options) {
        steps.add(new PlanStep.AddBlockNode(nodeName, options));
    }

    /** Adds a network back-end ({@code -netdev}) of {@code type} with the type's {@code properties}. */
    public void netdev(String type, String netdevId, ObjectNode properties) {
        ObjectNode options = QemuJson.object().put("type", type).put("id", netdevId);
        options.setAll(properties);
        steps.add(new PlanStep.AddNetdev(type, netdevId, options));
    }

    /** Adds a QOM object ({@code -object}) of {@code qomType} with the type's {@code properties}. */
    public void qomObject(String qomType, String objectId, ObjectNode properties) {
        ObjectNode options = QemuJson.object().put("qom-type", qomType).put("id", objectId);
        options.setAll(properties);
        steps.add(new PlanStep.AddObject(qomType, objectId, options));
    }

    /** Adds the device itself, with its own id. */
    public void device(String driver, ObjectNode properties) {
        device(driver, placed.id(), properties, Optional.empty());
    }

    /** Adds the device itself, with its own id and a boot index (rendered last). */
    public void device(String driver, ObjectNode properties, Optional<Integer> bootIndex) {
        device(driver, placed.id(), properties, bootIndex);
    }

    /** Adds a device with another id, one the device owns (a hub of a USB controller). */
    public void device(String driver, String deviceId, ObjectNode properties) {
        device(driver, deviceId, properties, Optional.empty());
    }

    private void device(String driver, String deviceId, ObjectNode properties, Optional<Integer> bootIndex) {
        ObjectNode options = QemuJson.object().put("driver", driver).put("id", deviceId);
        options.setAll(properties);
        bootIndex.ifPresent(b -> options.put("bootindex", b));
        steps.add(new PlanStep.AddDevice(driver, deviceId, options, bootIndex));
    }

    /** Adds a key=value option that has no QMP form here (the device is then not hot-pluggable). */
    public void commandLine(String option, KeyValueOptions value) {
        steps.add(new PlanStep.CommandLineOption(option, value.render()));
    }

    /** Hands a macvtap's descriptors to QEMU over QMP under {@code names}. */
    public void passMacvtapFds(String macvtap, String fieldPath, TapFds names) {
        steps.add(new PlanStep.PassMacvtapFds(macvtap, fieldPath, names));
    }

    /**
     * Adds the {@code -chardev} for a serial or parallel port of kind {@code kind} ({@code serial},
     * {@code parallel}) and returns its id, {@code char<kind><index>}.
     */
    public String portChardev(String kind, CharBackend backend) {
        PortChardev chardev = PortChardev.of(kind, placed.index(), backend, context);
        steps.add(new PlanStep.CommandLineOption("-chardev", chardev.options().render()));
        chardev.hostResource().ifPresent(needs::add);
        return chardev.id();
    }

    /** Records something the host must provide before the device is added. */
    public void needs(HostResource resource) {
        needs.add(resource);
    }
}
