package io.jqemu.cli.check;

import io.jqemu.cli.Messages;
import io.jqemu.cli.config.VmToml;
import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.host.CpuTopology;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostFacts;
import io.jqemu.core.Violation;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.host.HostReport;
import io.jqemu.launcher.host.HostRoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host preflight behind {@code jqemu check}: reads (never changes) the host and says, for
 * every host resource a rendered machine needs, what preparing the host does for it or why it
 * cannot. The checks and descriptions are the launcher's own ({@link Launcher#hostReport}, the
 * checks a launch runs); this class orders and words them as report lines. Kernel interfaces are
 * read through a {@link HostRoot}, so a fake sysfs tree can stand in for hardware this host lacks.
 */
public final class HostCheck {

    private static final String ACCELERATOR = "accelerator";
    private final HostFacts facts;
    private final CpuTopology cpus;
    private final HostLayout layout;

    /** Checks against the kernel seen through {@code host}, for VMs under {@code layout}. */
    public HostCheck(HostRoot host, HostLayout layout) {
        this.facts = HostFacts.probe(host);
        this.cpus = CpuTopology.read(host);
        this.layout = layout;
    }

    /**
     * Every finding for {@code machine} as {@code launcher} renders it, in a stable order: the
     * accelerator, the VM's directories, IOMMU and vfio-pci when a device is passed through, then
     * each host resource (what preparing the host does for it, or the checks it failed, each under
     * its own field), tun when a tap is created, and last the failures about the VM as a whole. When
     * the launcher refuses to render the machine (as {@code run} would meet it), that refusal alone.
     */
    public List<Finding> check(Machine machine, Launcher launcher) {
        HostReport report;
        try {
            report = launcher.hostReport(machine);
        } catch (JqemuException e) {
            return List.of(Finding.fail("launcher", Messages.of(e)));
        }
        List<Finding> findings = new ArrayList<>();
        Optional<HostReport.Need> kvm = report.needs().stream()
                .filter(n -> n.need().fieldPath().equals(ACCELERATOR)).findFirst();
        findings.addAll(kvm.map(HostCheck::needFindings).orElseGet(() -> List.of(accelerator(machine.accelerator()))));
        findings.addAll(cpu(machine, launcher));
        findings.addAll(directories(machine.name()));
        boolean passthrough = report.needs().stream().anyMatch(n -> n.need() instanceof HostResource.VfioDevice
                || n.need() instanceof HostResource.SriovVirtualFunction);
        if (passthrough) {
            findings.add(facts.iommuEnabled() ? Finding.ok("iommu", "IOMMU groups present")
                    : Finding.note("iommu", "no IOMMU: enable VT-d/AMD-Vi in the firmware and boot with "
                            + "intel_iommu=on (or amd_iommu=on)"));
            findings.add(facts.vfioPciLoaded() ? Finding.ok("vfio-pci", "driver loaded")
                    : Finding.note("vfio-pci", "driver not loaded yet (modprobe vfio-pci)"));
        }
        report.needs().stream().filter(n -> kvm.filter(n::equals).isEmpty())
                .forEach(n -> findings.addAll(needFindings(n)));
        if (report.needs().stream().anyMatch(n -> n.need() instanceof HostResource.TapToCreate)) {
            findings.add(facts.tunAvailable()
                    ? Finding.ok("tun", "/dev/net/tun present")
                    : Finding.fail("tun", "/dev/net/tun is missing (modprobe tun)"));
        }
        findings.add(Finding.ok("host cpus", cpus.describe()));
        findings.add(Finding.ok("huge pages", facts.hugePages().describe()));
        for (Violation f : report.vmFindings()) {
            findings.add(Finding.fail(VmToml.tomlPath(f.path()), f.message()));
        }
        return findings;
    }

    /**
     * The lines of one need: under its own field, what preparing the host does for it, or the checks
     * that failed there; then a line for each other field it failed (a NIC's {@code .vhost}).
     */
    private static List<Finding> needFindings(HostReport.Need need) {
        Map<String, List<String>> failures = new LinkedHashMap<>();
        failures.put(need.need().fieldPath(), new ArrayList<>());
        for (Violation f : need.failures()) {
            failures.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f.message());
        }
        List<Finding> lines = new ArrayList<>();
        failures.forEach((field, messages) -> {
            String subject = VmToml.tomlPath(field);
            if (!messages.isEmpty()) {
                lines.add(Finding.fail(subject, String.join("\n", messages)));
            } else if (field.equals(need.need().fieldPath())) {
                lines.add(Finding.ok(subject, need.description()));
            }
        });
        return lines;
    }

    /**
     * The CPU as the QEMU binary sees it ({@link Launcher#cpuCheck}): one ok line, or a line for each
     * problem at its field. Skipped when KVM is asked for but unusable (the accelerator line says so),
     * and for the default CPU (model {@code max}, no flags, no enlightenments), which every QEMU gives
     * under KVM and TCG alike.
     */
    private List<Finding> cpu(Machine machine, Launcher launcher) {
        Cpu asked = machine.cpu();
        boolean defaultCpu = asked.model().equals(Cpu.DEFAULT.model()) && asked.flags().isEmpty()
                && asked.hyperv().isEmpty();
        if (defaultCpu || machine.accelerator() == Accelerator.KVM && !facts.kvmUsable()) {
            return List.of();
        }
        List<Violation> problems = launcher.cpuCheck(machine);
        if (problems.isEmpty()) {
            Cpu cpu = machine.cpu();
            return List.of(Finding.ok("cpu.model", "QEMU knows " + cpu.model()
                    + (cpu.flags().isEmpty() ? "" : ", its flags " + String.join(" ", cpu.flags()))
                    + cpu.hyperv().map(h -> " and " + h.enlightenments().size() + " Hyper-V enlightenments").orElse("")));
        }
        return problems.stream().map(v -> Finding.fail(VmToml.tomlPath(v.path()), v.message())).toList();
    }

    private Finding accelerator(Accelerator accelerator) {
        String module = facts.kvmModule().orElse("no KVM module");
        return switch (accelerator) {
            case KVM -> facts.kvmUsable()
                    ? Finding.ok(ACCELERATOR, "KVM usable (" + module + ")")
                    : Finding.fail(ACCELERATOR, "KVM asked for, but /dev/kvm cannot run a guest here ("
                            + module + "); use accelerator = \"auto\" or \"tcg\"");
            case TCG -> Finding.ok(ACCELERATOR, "TCG (emulation)");
            case AUTO -> facts.kvmUsable()
                    ? Finding.ok(ACCELERATOR, "auto: KVM (" + module + ")")
                    : Finding.note(ACCELERATOR, "auto: TCG, slow emulation (" + module + ")");
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
