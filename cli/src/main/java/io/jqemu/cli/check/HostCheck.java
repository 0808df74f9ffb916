package io.jqemu.cli.check;

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
import io.jqemu.launcher.host.HostPathCheck;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.VfioGroupInspector;
import io.jqemu.launcher.host.pci.VfioGroupReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /** The host's facts, as read when this check was made. */
    public HostFacts facts() {
        return facts;
    }

    /**
     * Every finding for {@code machine} as {@code launcher} renders it, in a stable order; when the
     * launcher refuses to render it (as {@code run} would meet it), that refusal alone.
     */
    public List<Finding> check(Machine machine, Launcher launcher) {
        RenderedMachine rendered;
        try {
            rendered = launcher.render(machine).rendered();
        } catch (JqemuException e) {
            return List.of(Finding.fail("launcher", e.getMessage()));
        }
        return check(machine, rendered);
    }

    /** Every finding for {@code machine} rendered as {@code rendered}, in a stable order. */
    public List<Finding> check(Machine machine, RenderedMachine rendered) {
        List<Finding> findings = new ArrayList<>();
        findings.add(accelerator(machine.accelerator()));
        findings.addAll(directories(machine.name()));
        List<HostResource> resources = rendered.hostResources();
        Set<PciAddress> vfio = new LinkedHashSet<>();
        for (HostResource r : resources) {
            if (r instanceof HostResource.VfioDevice v) {
                vfio.add(v.hostAddress());
            }
        }
        if (!vfio.isEmpty()) {
            findings.add(facts.iommuEnabled()
                    ? Finding.ok("iommu", "IOMMU groups present")
                    : Finding.fail("iommu", "no IOMMU: enable VT-d/AMD-Vi in the firmware and boot with "
                            + "intel_iommu=on (or amd_iommu=on)"));
            findings.add(facts.vfioPciLoaded()
                    ? Finding.ok("vfio-pci", "driver loaded")
                    : Finding.note("vfio-pci", "driver not loaded yet (modprobe vfio-pci)"));
        }
        boolean tapNeeded = false;
        boolean vhostNeeded = false;
        for (HostResource r : resources) {
            String subject = VmToml.tomlPath(r.fieldPath());
            switch (r) {
                case HostResource.ImageFile f -> findings.add(path(subject, f.path(), HostPathCheck.Kind.FILE_OR_BLOCK_DEVICE,
                        f.access() == HostResource.Access.READ_WRITE));
                case HostResource.BlockDevice b -> findings.add(path(subject, b.path(), HostPathCheck.Kind.BLOCK_DEVICE,
                        b.access() == HostResource.Access.READ_WRITE));
                case HostResource.OvmfVars v -> findings.add(path(subject, v.template(), HostPathCheck.Kind.FILE, false));
                case HostResource.HostDeviceNode d -> findings.add(path(subject, d.path(), HostPathCheck.Kind.CHARACTER_DEVICE,
                        true));
                case HostResource.SharedDirectory s -> findings.add(path(subject, s.path(), HostPathCheck.Kind.DIRECTORY,
                        false));
                case HostResource.TapToCreate t -> {
                    tapNeeded = true;
                    vhostNeeded |= t.vhost();
                    findings.add(host.exists("/sys/class/net/" + t.bridge() + "/bridge")
                            ? Finding.ok(subject, "bridge " + t.bridge() + " exists")
                            : Finding.fail(subject, "bridge " + t.bridge() + " does not exist (ip link add "
                                    + t.bridge() + " type bridge)"));
                }
                case HostResource.ExistingTap t -> {
                    vhostNeeded |= t.vhost();
                    findings.add(host.exists("/sys/class/net/" + t.name())
                            ? Finding.ok(subject, "tap " + t.name() + " exists")
                            : Finding.fail(subject, "tap " + t.name() + " does not exist"));
                }
                case HostResource.MacvtapToCreate m -> {
                    vhostNeeded |= m.vhost();
                    findings.add(host.exists("/sys/class/net/" + m.parent())
                            ? Finding.ok(subject, "parent interface " + m.parent() + " exists")
                            : Finding.fail(subject, "parent interface " + m.parent() + " does not exist"));
                }
                case HostResource.VfioDevice v -> findings.add(vfioGroup(subject, v, vfio));
                case HostResource.UsbHostDevice u -> findings.add(Finding.note(subject,
                        "USB device " + u.selector() + " is looked up by QEMU at start"));
                case HostResource.ListeningSocket s -> findings.add(parentWritable(subject, Path.of(s.path())));
                case HostResource.OutputFile o -> findings.add(parentWritable(subject, Path.of(o.path())));
            }
        }
        if (tapNeeded) {
            findings.add(facts.tunAvailable()
                    ? Finding.ok("tun", "/dev/net/tun present")
                    : Finding.fail("tun", "/dev/net/tun is missing (modprobe tun)"));
        }
        if (vhostNeeded) {
            findings.add(facts.vhostNetAvailable()
                    ? Finding.ok("vhost-net", "/dev/vhost-net present")
                    : Finding.fail("vhost-net", "/dev/vhost-net is missing (modprobe vhost_net) but a NIC asks for vhost = \"on\""));
        }
        return findings;
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
            findings.add(Finding.fail("socket directory", e.getMessage()));
        }
        return findings;
    }

    private Finding vfioGroup(String subject, HostResource.VfioDevice device, Set<PciAddress> all) {
        try {
            PciAddress address = device.hostAddress();
            Set<PciAddress> others = new LinkedHashSet<>(all);
            others.remove(address);
            VfioGroupReport report = new VfioGroupInspector(new PciBus(host)).inspect(subject, address, others);
            return report.canBeGivenAway()
                    ? Finding.ok(subject, report.describe())
                    : Finding.fail(subject, report.describe());
        } catch (HostException e) {
            return Finding.fail(subject, e.getMessage());
        }
    }

    private static Finding path(String subject, String path, HostPathCheck.Kind kind, boolean writable) {
        try {
            HostPathCheck.check(subject, Path.of(path), kind, writable);
            return Finding.ok(subject, path + (writable ? " readable and writable" : " readable"));
        } catch (HostException e) {
            return Finding.fail(subject, e.getMessage().startsWith(subject + ": ")
                    ? e.getMessage().substring(subject.length() + 2) : e.getMessage());
        }
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
