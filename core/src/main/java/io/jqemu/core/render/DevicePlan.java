package io.jqemu.core.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one device is added to a machine, as typed steps in order, and what it needs from the host.
 * On the command line the steps become options; over QMP ({@code io.jqemu.launcher}) each step is one
 * command, and removing the device is {@code device_del} (awaiting {@code DEVICE_DELETED}) followed by
 * {@link #backendsToRemove()}.
 *
 * @param deviceId      the device's id
 * @param fieldPath     the device's field, e.g. {@code disks[2]}
 * @param steps         the steps, in order: back-ends first, the device last
 * @param rootPort      the PCIe root port the device sits on, if it takes one
 * @param hostResources what the launcher prepares before the steps run (files, taps, vfio binding)
 */
public record DevicePlan(String deviceId, String fieldPath, List<PlanStep> steps, Optional<String> rootPort,
                         List<HostResource> hostResources) {
    /** Requires every part and copies the lists. */
    public DevicePlan {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(rootPort, "rootPort");
        steps = List.copyOf(steps);
        hostResources = List.copyOf(hostResources);
    }

    /** The step that adds the device itself (the one with {@link #deviceId}). */
    public PlanStep.AddDevice device() {
        return steps.stream().filter(s -> s instanceof PlanStep.AddDevice d && d.id().equals(deviceId))
                .map(PlanStep.AddDevice.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("plan of " + deviceId + " adds no device " + deviceId));
    }

    /** Whether every step fits on a command line (no descriptor passed over QMP). */
    public boolean onCommandLine() {
        return steps.stream().noneMatch(PlanStep.PassMacvtapFds.class::isInstance);
    }

    /** Whether every step has a QMP form (no command-line-only option). */
    public boolean overQmp() {
        return steps.stream().noneMatch(PlanStep.CommandLineOption.class::isInstance);
    }

    /** The steps as command-line arguments. */
    public List<String> commandLine() {
        List<String> argv = new ArrayList<>();
        steps.forEach(s -> argv.addAll(s.commandLine()));
        return argv;
    }

    /** The back-ends to remove once the device is gone: block nodes, netdevs and objects, last added first. */
    public List<PlanStep> backendsToRemove() {
        List<PlanStep> backends = new ArrayList<>(steps.stream().filter(s -> s instanceof PlanStep.AddBlockNode
                || s instanceof PlanStep.AddNetdev || s instanceof PlanStep.AddObject).toList());
        Collections.reverse(backends);
        return List.copyOf(backends);
    }

    /** Whether the device has a firmware boot index (the firmware reads the boot order at reset). */
    public boolean hasBootIndex() {
        return steps.stream().anyMatch(s -> s instanceof PlanStep.AddDevice d && d.bootIndex().isPresent());
    }
}
