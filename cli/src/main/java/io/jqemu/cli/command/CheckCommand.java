package io.jqemu.cli.command;

import io.jqemu.cli.ExitCode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.SafetyWarnings;
import io.jqemu.cli.VmFileOptions;
import io.jqemu.cli.check.Finding;
import io.jqemu.cli.config.LoadedVm;
import io.jqemu.cli.check.HostCheck;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.host.HostRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jqemu check vm.toml}: what the host still lacks to start this VM, before anything is touched. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check, without changing anything, whether this host can start the VM: KVM, IOMMU, "
                + "each vfio device's IOMMU group with every member's driver and class (and what cannot be "
                + "given away), vhost-net and tun, bridges and parent interfaces, images and block devices, "
                + "OVMF files, host device nodes, shared directories, the state and socket directories, and "
                + "(asking the QEMU binary) the CPU model, its flags and Hyper-V enlightenments.",
                "Exits 0 when the VM can start, 4 when it cannot (each FAIL line says why)."})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = "--host-root", paramLabel = "DIR", hidden = true,
            description = "Read /sys, /dev and /proc under DIR instead of / (tests, inspecting a copied tree).")
    Path hostRoot;

    @Mixin
    VmFileOptions vmFile;

    @Override
    public Integer call() {
        LoadedVm loaded = vmFile.load();
        SafetyWarnings.print(loaded, spec.commandLine().getErr());
        Machine machine = loaded.machine();
        HostRoot host = hostRoot == null ? HostRoot.system() : HostRoot.at(hostRoot, CheckCommand::refuseWrite);
        HostCheck check = new HostCheck(host, global.layout());
        Launcher launcher = global.launcherBuilder().hostRoot(host).stopVmsOnJvmExit(false).build();
        List<Finding> findings = check.check(machine, launcher);
        PrintWriter out = spec.commandLine().getOut();
        out.println("jqemu check " + vmFile.file() + " (VM " + machine.name() + ")");
        for (Finding f : findings) {
            String label = switch (f.status()) {
                case OK -> "ok  ";
                case NOTE -> "note";
                case FAIL -> "FAIL";
            };
            out.println("  " + label + "  " + located(loaded, f) + ": " + f.detail().replace("\n", "\n          "));
        }
        long failures = findings.stream().filter(f -> f.status() == Finding.Status.FAIL).count();
        out.println(failures == 0 ? "The host can start this VM."
                : failures + (failures == 1 ? " problem" : " problems") + ": the VM would not start.");
        out.flush();
        return failures == 0 ? ExitCode.OK.code() : ExitCode.HOST_NOT_READY.code();
    }

    /** The finding's subject, after its vm.toml position when it is a field written in the file. */
    static String located(LoadedVm loaded, Finding finding) {
        return loaded.positions().of(finding.subject()).map(at -> at + ": ").orElse("") + finding.subject();
    }

    private static void refuseWrite(Path file, String value) throws IOException {
        throw new IOException("check never writes to the host (" + file + ")");
    }
}
