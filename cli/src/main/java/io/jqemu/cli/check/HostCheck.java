package io.jqemu.cli.check;

import io.jqemu.cli.Messages;
import io.jqemu.cli.config.VmToml;
import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostFacts;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.host.HostFinding;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.VfioGroupInspector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host preflight behind {@code jqemu check}: reads (never changes) the host and says, for
 * every host resource a rendered machine needs, whether it is there. Kernel interfaces are read
 * through a {@link HostRoot}, so a fake sysfs tree can stand in for hardware this host lacks.
 */
public final class HostCheck {

    private final HostRoot host;
    private final HostFacts facts;
    private final HostLayout layout;

    /** Checks against the kernel seen through {@code host}, for VMs under {@code layout}. */
    public HostCheck(HostRoot host, HostLayout layout) {
        this.host = host;
        this.facts = HostFacts.probe(host);
        this.layout = layout;
    }

    /**
     * Every finding for {@code machine} as {@code launcher} renders it, in a stable order: each
     * host resource with what was found, failed where {@link Launcher#preflight} failed it (the
     * launcher's own checks, the ones a launch runs), then the preflight failures no resource line
     * names. When the launcher refuses to render the machine (as {@code run} would meet it), that
     * refusal alone.
     */
    public List<Finding> check(Machine machine, Launcher launcher) {
        RenderedMachine rendered;
        Map<String, List<String>> failures = new LinkedHashMap<>();
        try {
            rendered = launcher.render(machine).rendered();
            for (HostFinding f : launcher.preflight(machine)) {
                failures.computeIfAbsent(f.fieldPath(), k -> new ArrayList<>()).add(f.message());
            }
        } catch (JqemuException e) {
            return List.of(Finding.fail("launcher", Messages.of(e)));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(failed(failures, "accelerator", "accelerator").orElseGet(() -> accelerator(machine.accelerator())));
        findings.addAll(directories(machine.name()));
        List<HostResource> resources = rendered.hostResources();
        Set<PciAddress> vfio = new LinkedHashSet<>();
        for (HostResource r : resources) {
            if (r instanceof HostResource.VfioDevice v) {
                vfio.add(v.hostAddress());
            }
        }
        if (!vfio.isEmpty()) {
            findings.add(facts.iommuEnabled() ? Finding.ok("iommu", "IOMMU groups present")
                    : Finding.note("iommu", "no IOMMU: enable VT-d/AMD-Vi in the firmware and boot with "
                            + "intel_iommu=on (or amd_iommu=on)"));
            findings.add(facts.vfioPciLoaded() ? Finding.ok("vfio-pci", "driver loaded")
                    : Finding.note("vfio-pci", "driver not loaded yet (modprobe vfio-pci)"));
        }
        boolean tapNeeded = false;
        for (HostResource r : resources) {
            String subject = VmToml.tomlPath(r.fieldPath());
            tapNeeded |= r instanceof HostResource.TapToCreate;
            if (r instanceof HostResource.VfioDevice v) {
                findings.add(vfioGroup(subject, v, vfio, failures.remove(r.fieldPath())));
            } else {
                findings.add(failed(failures, r.fieldPath(), subject).orElseGet(() -> found(subject, r)));
            }
        }
        if (tapNeeded) {
            findings.add(facts.tunAvailable()
                    ? Finding.ok("tun", "/dev/net/tun present")
                    : Finding.fail("tun", "/dev/net/tun is missing (modprobe tun)"));
        }
        failures.forEach((field, messages) -> findings.add(Finding.fail(VmToml.tomlPath(field), String.join("\n", messages))));
        return findings;
    }

    /** The preflight's failure of {@code fieldPath} as a finding about {@code subject}, taken out of {@code failures}. */
    private static Optional<Finding> failed(Map<String, List<String>> failures, String fieldPath, String subject) {
        return Optional.ofNullable(failures.remove(fieldPath)).map(m -> Finding.fail(subject, String.join("\n", m)));
    }

    /** What the host has for a resource the preflight did not fail. */
    private static Finding found(String subject, HostResource resource) {
        return switch (resource) {
            case HostResource.ImageFile f -> Finding.ok(subject, readable(f.path(), f.access()));
            case HostResource.BlockDevice b -> Finding.ok(subject, readable(b.path(), b.access()));
            case HostResource.OvmfVars v -> Finding.ok(subject, v.template() + " readable");
            case HostResource.HostDeviceNode d -> Finding.ok(subject, d.path() + " readable and writable");
            case HostResource.SharedDirectory d -> Finding.ok(subject, d.path() + " readable");
            case HostResource.TapToCreate t -> Finding.ok(subject, "bridge " + t.bridge() + " exists");
            case HostResource.ExistingTap t -> Finding.ok(subject, "tap " + t.name() + " exists");
            case HostResource.MacvtapToCreate m -> Finding.ok(subject, "parent interface " + m.parent() + " exists");
            case HostResource.UsbHostDevice u -> Finding.ok(subject, "USB device " + u.selector() + " present");
            case HostResource.ListeningSocket l -> parentWritable(subject, Path.of(l.path()));
            case HostResource.OutputFile o -> parentWritable(subject, Path.of(o.path()));
            case HostResource.VfioDevice v -> Finding.ok(subject, v.hostAddress().toString());
        };
    }

    private static String readable(String path, HostResource.Access access) {
        return path + (access == HostResource.Access.READ_WRITE ? " readable and writable" : " readable");
    }

    private Finding accelerator(Accelerator accelerator) {
        String module = facts.kvmModule().orElse("no KVM module");
        return switch (accelerator) {
            case KVM -> facts.kvmUsable()
                    ? Finding.ok("accelerator", "KVM usable (" + module + ")")
                    : Finding.fail("accelerator", "KVM asked for, but /dev/kvm cannot run a guest here ("
                            + module + "); use accelerator = \"auto\" or \"tcg\"");
            case TCG -> Finding.ok("accelerator", "TCG (emulation)");
            case AUTO -> facts.kvmUsable()
                    ? Finding.ok("accelerator", "auto: KVM (" + module + ")")
                    : Finding.note("accelerator", "auto: TCG, slow emulation (" + module + ")");
        };
    }

    private List<Finding> directories(String vmName) {
        List<Finding> findings = new ArrayList<>();
        try {
            var paths = layout.forVm(vmName);
            paths.socket("qmp");
            findings.add(parentWritable("state directory", paths.stateDir().resolve("x")));
            findings.add(parentWritable("socket directory", paths.runtimeDir().resolve("x")));
        } catch (HostException e) {
            findings.add(Finding.fail("socket directory", Messages.of(e)));
        }
        return findings;
    }

    /**
     * The IOMMU group report of a passed-through device (every member with ids, class and driver),
     * failed with the preflight's messages when it failed the device.
     */
    private Finding vfioGroup(String subject, HostResource.VfioDevice device, Set<PciAddress> all, List<String> failures) {
        String report;
        try {
            Set<PciAddress> others = new LinkedHashSet<>(all);
            others.remove(device.hostAddress());
            report = new VfioGroupInspector(new PciBus(host)).inspect(subject, device.hostAddress(), others).describe();
        } catch (HostException e) {
            // the inspector's errors start with the subject the finding prints anyway
            report = Messages.of(e).replaceFirst("^" + Pattern.quote(subject + ": "), "");
        }
        if (failures == null) {
            return Finding.ok(subject, report);
        }
        List<String> lines = new ArrayList<>(List.of(report));
        for (String failure : failures) {
            if (!failure.equals(report)) {
                lines.add(failure);
            }
        }
        return Finding.fail(subject, String.join("\n", lines));
    }

    /** OK when {@code file}'s directory exists writable, or can be created under a writable ancestor. */
    private static Finding parentWritable(String subject, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && Files.isDirectory(existing) && Files.isWritable(existing)) {
            return Finding.ok(subject, dir + (existing.equals(dir) ? " is writable" : " can be created"));
        }
        return Finding.fail(subject, dir + " is not writable by this user"
                + (existing == null || existing.equals(dir) ? "" : " (" + existing + " is not)"));
    }
}
