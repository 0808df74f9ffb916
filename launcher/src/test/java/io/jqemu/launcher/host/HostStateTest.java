package io.jqemu.launcher.host;

import io.jqemu.core.Violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.pci.PciAddresses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VM directories, OVMF vars, path checks and the undo journal. */
class HostStateTest {
    @TempDir
    Path dir;

    private HostPreparation preparation(Path sys) throws Exception {
        return new HostPreparation(new FakePciKernel(sys).host(), new HostLayout(dir.resolve("state"), dir.resolve("run")),
                () -> {
                    throw new AssertionError("no tap expected");
                });
    }

    @Test
    void directoriesArePrivateAndTheRuntimeOneGoesOnRelease() throws Exception {
        HostPreparation preparation = preparation(dir.resolve("sys"));
        PreparedHost prepared = preparation.prepare("dsm", List.of());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prepared.paths().stateDir())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prepared.paths().runtimeDir())))
                .isEqualTo("rwx------");
        assertThat(prepared.paths().socket("qmp")).isEqualTo(dir.resolve("run/dsm/qmp.sock"));
        assertThat(VmPaths.load(prepared.paths().stateDir())).isEqualTo(prepared.paths());
        assertThat(prepared.pendingChanges()).containsExactly(new HostChange.DirectoryCreated(dir.resolve("run/dsm")));

        prepared.close();
        assertThat(prepared.paths().runtimeDir()).doesNotExist();
        assertThat(prepared.paths().stateDir()).isDirectory();
        assertThat(prepared.released()).isTrue();
    }

    @Test
    void socketPathsOverTheUnixLimitAreRefusedNamingTheRuntimeRoot() {
        Path deep = dir.resolve("x".repeat(100));
        HostLayout layout = new HostLayout(dir.resolve("state"), deep);
        assertThatThrownBy(() -> layout.forVm("dsm").socket("qmp"))
                .isInstanceOf(HostException.class)
                .hasMessageStartingWith("runtimeRoot: the socket path " + deep.resolve("dsm/qmp.sock"))
                .hasMessageContaining("unix sockets allow at most 107");
    }

    @Test
    void vmNameThatCannotBeADirectoryNamesTheField() {
        assertThatThrownBy(() -> new HostLayout(dir, dir).forVm("../etc"))
                .hasMessageStartingWith("name: '../etc' is not a VM name");
    }

    @Test
    void ovmfVarsAreCopiedOnceAndKeptAcrossRuns() throws Exception {
        Path template = dir.resolve("OVMF_VARS_4M.fd");
        Files.writeString(template, "template");
        HostPreparation preparation = preparation(dir.resolve("sys"));
        List<HostResource> needs = List.of(new HostResource.OvmfVars(template.toString(),
                preparation.layout().forVm("dsm").ovmfVars().toString(), "firmware.vars_template"));

        Path vars;
        try (PreparedHost first = preparation.prepare("dsm", needs)) {
            vars = first.ovmfVars().orElseThrow();
            assertThat(vars).hasContent("template");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vars))).isEqualTo("rw-------");
            Files.writeString(vars, "boot order changed by the guest");
        }
        try (PreparedHost second = preparation.prepare("dsm", needs)) {
            assertThat(second.ovmfVars()).contains(vars);
            assertThat(vars).hasContent("boot order changed by the guest");
        }
    }

    @Test
    void missingTemplateAndPathsNameTheirField() throws Exception {
        HostPreparation preparation = preparation(dir.resolve("sys"));
        assertThatThrownBy(() -> preparation.prepare("dsm",
                List.of(new HostResource.OvmfVars(dir.resolve("nope.fd").toString(), dir.resolve("vars.fd").toString(),
                        "firmware.vars_template"))))
                .hasMessage("firmware.vars_template: " + dir.resolve("nope.fd") + " does not exist");
        assertThatThrownBy(() -> preparation.prepare("dsm", List.of(new HostResource.ImageFile("/dev/null",
                HostResource.Access.READ_WRITE, "disks[1].path"))))
                .hasMessage("disks[1].path: /dev/null is not a regular file");
        assertThat(dir.resolve("state/dsm")).doesNotExist();
    }

    @Test
    void pathChecksKnowFilesDevicesAndAccess() throws Exception {
        Path image = dir.resolve("boot.img");
        Files.writeString(image, "x");
        HostPathCheck.check("disks[0].path", image, HostPathCheck.Kind.FILE_OR_BLOCK_DEVICE, true);
        HostPathCheck.check("serials[0].path", Path.of("/dev/null"), HostPathCheck.Kind.CHARACTER_DEVICE, true);
        HostPathCheck.check("shares[0].path", dir, HostPathCheck.Kind.DIRECTORY, false);
        assertThatThrownBy(() -> HostPathCheck.check("disks[2].path", image, HostPathCheck.Kind.BLOCK_DEVICE, false))
                .hasMessage("disks[2].path: " + image + " is not a block device");
        assertThatThrownBy(() -> HostPathCheck.check("disks[3].path", dir.resolve("gone.qcow2"),
                HostPathCheck.Kind.FILE, false))
                .hasMessage("disks[3].path: " + dir.resolve("gone.qcow2") + " does not exist");
        Path blockDevice = Files.list(Path.of("/dev")).filter(p -> p.getFileName().toString().matches("(loop|vd|sd)\\w*\\d?"))
                .filter(p -> !p.getFileName().toString().equals("loop-control")).findFirst().orElseThrow();
        HostPathCheck.check("disks[4].path", blockDevice, HostPathCheck.Kind.BLOCK_DEVICE, false);
    }

    @Test
    void journalSurvivesATornLastLineAndReplaysInReverse() throws Exception {
        UndoJournal journal = new UndoJournal(dir.resolve(UndoJournal.FILE_NAME));
        PciAddress a = PciAddresses.parse("t", "01:00.0");
        UndoJournal.Entry first = journal.record(new HostChange.TapCreated("vm-tap0"));
        journal.record(new HostChange.VfioBound("hostdevs[0]", a, Optional.empty()));
        journal.record(new HostChange.TapAttached("tab\tand\nnewline", "br0"));
        Files.writeString(journal.file(), "do\t4\ttap-cre", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(journal.pending()).extracting(UndoJournal.Entry::change).containsExactly(
                new HostChange.TapCreated("vm-tap0"), new HostChange.VfioBound("hostdevs[0]", a, Optional.empty()),
                new HostChange.TapAttached("tab\tand\nnewline", "br0"));

        journal.markUndone(first);
        UndoJournal.Entry next = journal.record(new HostChange.TapCreated("vm-tap1"));
        assertThat(next.sequence()).as("the torn entry's number is not reused").isEqualTo(5);
        assertThat(journal.pending()).extracting(UndoJournal.Entry::change).containsExactly(
                new HostChange.VfioBound("hostdevs[0]", a, Optional.empty()), new HostChange.TapAttached("tab\tand\nnewline", "br0"),
                new HostChange.TapCreated("vm-tap1"));
    }

    @Test
    void undoOfAChangeThatNeverHappenedIsHarmless() throws Exception {
        FakePciKernel kernel = new FakePciKernel(dir.resolve("sys"));
        kernel.device("0000:01:00.0", "8086:1533", 0x020000, "igb", "3");
        HostPreparation preparation = new HostPreparation(kernel.host(),
                new HostLayout(dir.resolve("state"), dir.resolve("run")), () -> null);
        VmPaths paths = preparation.layout().forVm("nas");
        paths.createStateDir();
        // a controller recorded the binding and died before writing anything to sysfs
        paths.journal().record(new HostChange.VfioBound("hostdevs[0]", PciAddresses.parse("t", "0000:01:00.0"), Optional.of("igb")));

        assertThat(preparation.reconcile(paths.stateDir())).hasSize(1);
        assertThat(kernel.writes()).isEmpty();
        assertThat(kernel.driverOf("0000:01:00.0")).contains("igb");
        assertThat(paths.journal().file()).doesNotExist();
    }

    @Test
    void afterACrashBothAMadeChangeAndARecordedButNotMadeOneAreUndone() throws Exception {
        FakePciKernel kernel = new FakePciKernel(dir.resolve("sys"));
        kernel.device("0000:01:00.0", "8086:1533", 0x020000, "igb", "3")
                .device("0000:03:00.0", "168c:003e", 0x028000, "ath10k_pci", "7");
        HostLayout layout = new HostLayout(dir.resolve("state"), dir.resolve("run"));
        HostPreparation dying = new HostPreparation(kernel.host(), layout, () -> null);
        PreparedHost prepared = dying.prepare("nas", List.of(new HostResource.VfioDevice(
                PciAddresses.parse("t", "0000:01:00.0"), "hostdevs[0].address")));
        PciAddress second = PciAddresses.parse("t", "0000:03:00.0");
        // the controller recorded its next change and died before making it; nothing was closed
        prepared.paths().journal().record(new HostChange.VfioBound("hostdevs[1].address", second, Optional.of("ath10k_pci")));
        assertThat(kernel.driverOf("0000:01:00.0")).contains("vfio-pci");
        kernel.clearWrites();

        HostPreparation next = new HostPreparation(kernel.host(), layout, () -> null);
        List<HostChange> undone = next.reconcile(prepared.paths().stateDir());

        assertThat(undone).containsExactly(new HostChange.DirectoryCreated(dir.resolve("run/nas")),
                new HostChange.VfioBound("hostdevs[0].address", PciAddresses.parse("t", "0000:01:00.0"), Optional.of("igb")),
                new HostChange.VfioBound("hostdevs[1].address", second, Optional.of("ath10k_pci")));
        assertThat(kernel.driverOf("0000:01:00.0")).contains("igb");
        assertThat(kernel.driverOf("0000:03:00.0")).contains("ath10k_pci");
        assertThat(kernel.writes()).allMatch(w -> w.contains("0000:01:00.0"));
        assertThat(dir.resolve("run/nas")).doesNotExist();
        assertThat(prepared.paths().journal().file()).doesNotExist();
    }

    @Test
    void aRuntimeDirectoryWhoseUnforcedLineWasLostIsFoundByTheLayout() throws Exception {
        HostPreparation preparation = preparation(dir.resolve("sys"));
        PreparedHost prepared = preparation.prepare("dsm", List.of());
        // a host crash lost the line that was never forced to disk
        Files.delete(prepared.paths().journal().file());

        assertThat(preparation.reconcile(prepared.paths().stateDir()))
                .containsExactly(new HostChange.DirectoryCreated(dir.resolve("run/dsm")));
        assertThat(prepared.paths().runtimeDir()).doesNotExist();

        Files.createDirectories(prepared.paths().runtimeDir());
        try (PreparedHost again = preparation.prepare("dsm", List.of())) {
            assertThat(again.pendingChanges()).as("a leftover runtime directory is adopted")
                    .containsExactly(new HostChange.DirectoryCreated(dir.resolve("run/dsm")));
        }
        assertThat(prepared.paths().runtimeDir()).doesNotExist();
    }

    @Test
    void checkListsEveryFailureInOrderAndChangesNothing() throws Exception {
        HostPreparation preparation = preparation(dir.resolve("sys"));
        Path image = Files.writeString(dir.resolve("ok.img"), "x");
        List<HostResource> needs = List.of(
                new HostResource.Kvm("accelerator"),
                new HostResource.ImageFile(image.toString(), HostResource.Access.READ_WRITE, "disks[0].path"),
                new HostResource.OvmfVars(dir.resolve("nope.fd").toString(), dir.resolve("vars.fd").toString(),
                        "firmware.vars_template"),
                new HostResource.TapToCreate("a-tap-name-far-too-long", "br0", false, "nics[0].backend.tap"));

        List<Violation> findings = preparation.check("dsm", needs);

        assertThat(findings).extracting(Violation::path)
                .containsExactly("accelerator", "firmware.vars_template", "nics[0].backend.tap");
        assertThat(findings.get(1).message()).isEqualTo(dir.resolve("nope.fd") + " does not exist");
        assertThat(findings.get(2).message()).startsWith("'a-tap-name-far-too-long' is not a valid interface name");
        assertThatThrownBy(() -> preparation.prepare("dsm", needs)).hasMessageStartingWith("accelerator = kvm, but");
        assertThat(dir.resolve("state/dsm")).doesNotExist();
        assertThat(preparation.check("dsm", needs.subList(1, 2))).isEmpty();
    }
}
