package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.VfioPci;
import io.jqemu.core.model.VhostMode;
import io.jqemu.launcher.host.HostException;
import io.jqemu.core.Violation;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** States and listeners, refusals before anything changes, and the JVM shutdown hook; real QEMU, no guest. */
@RequiresQemu
class LifecycleTest {
    @TempDir
    Path dir;

    @Test
    void listenersSeeEveryStateInOrderAndStopEndsItWithQuit() throws Exception {
        RunningVm vm = TestMachines.launcher(dir).launch(TestMachines.empty("states").build(), LaunchOptions.startPaused());
        List<VmState> seen = new CopyOnWriteArrayList<>();
        vm.addStateListener((v, from, to) -> seen.add(to));
        assertThat(vm.state()).isEqualTo(VmState.PAUSED);

        vm.resume();
        vm.pause();
        ShutdownResult result = vm.stop();

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.QUIT);
        assertThat(result.exitStatus().exitCode()).hasValue(0);
        assertThat(vm.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(VmState.STOPPED);
        assertThat(seen).containsExactly(VmState.RUNNING, VmState.PAUSED, VmState.SHUTTING_DOWN, VmState.STOPPED);
        assertThatThrownBy(vm::balloon).isInstanceOf(VmExitedException.class);
    }

    @Test
    void launchPassesQemuExactlyTheArgvThatRenderShows() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Path disk = TestMachines.image(dir, "data.img", 1);
        io.jqemu.core.model.Machine machine = TestMachines.empty("argv").virtioScsi()
                .disk(io.jqemu.core.model.Disk.imageFile(disk.toString()).scsiHd(0, 0, 0).build()).build();

        LaunchPlan plan = launcher.render(machine);
        assertThat(plan.argv()).contains("-S");
        assertThat(String.join(" ", plan.argv())).contains("tcg", plan.paths().socket("qmp").toString());
        assertThat(plan.hostResources()).anySatisfy(r -> assertThat(r.toString()).contains(disk.toString()));
        assertThat(plan.paths().runtimeDir()).as("render changes nothing").doesNotExist();

        try (RunningVm vm = launcher.launch(machine, LaunchOptions.startPaused())) {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(vm.pid()), "cmdline"));
            List<String> argv = List.of(new String(cmdline, 0, cmdline.length - 1, StandardCharsets.UTF_8).split("\0", -1));
            assertThat(argv).isEqualTo(plan.argv());
        }
    }

    @Test
    void preflightListsEveryFailedCheckWithItsFieldAndChangesNothing() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Path present = TestMachines.image(dir, "present.img", 1);
        io.jqemu.core.model.Machine machine = TestMachines.empty("preflight").virtioScsi()
                .disk(io.jqemu.core.model.Disk.imageFile(dir.resolve("gone0.img").toString()).scsiHd(0, 0, 0).build())
                .disk(io.jqemu.core.model.Disk.imageFile(present.toString()).scsiHd(0, 0, 1).build())
                .disk(io.jqemu.core.model.Disk.imageFile(dir.resolve("gone2.img").toString()).scsiHd(0, 0, 2).build())
                .build();

        assertThat(launcher.preflight(machine)).extracting(Violation::toString).containsExactly(
                "disks[0].path: " + dir.resolve("gone0.img") + " does not exist",
                "disks[2].path: " + dir.resolve("gone2.img") + " does not exist");
        assertThat(dir.resolve("state/preflight")).doesNotExist();
        assertThatThrownBy(() -> launcher.launch(machine)).isInstanceOf(HostException.class)
                .hasMessage("disks[0].path: " + dir.resolve("gone0.img") + " does not exist");
        assertThat(launcher.preflight(TestMachines.empty("fine").build())).isEmpty();
    }

    @Test
    void aMissingQemuBinaryFailsTheLaunchAndUndoesTheHost() throws Exception {
        Launcher launcher = Launcher.builder().stateRoot(dir.resolve("state")).runtimeRoot(dir.resolve("run"))
                .qemuBinary("/nonexistent/qemu-system-x86_64").build();

        assertThatThrownBy(() -> launcher.launch(TestMachines.empty("nobinary").build()))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("cannot start QEMU binary /nonexistent/qemu-system-x86_64");
        Path journal = dir.resolve("state/nobinary").resolve(UndoJournal.FILE_NAME);
        if (Files.exists(journal)) {
            assertThat(new UndoJournal(journal).pending()).isEmpty();
        }
        assertThat(dir.resolve("run/nobinary")).doesNotExist();
    }

    @Test
    void hostFactsComeFromTheConfiguredHostRoot() throws Exception {
        Path fake = Files.createDirectories(dir.resolve("fakeroot/dev"));
        Files.createFile(fake.resolve("vhost-net"));
        Launcher launcher = Launcher.builder().stateRoot(dir.resolve("state")).runtimeRoot(dir.resolve("run"))
                .hostRoot(HostRoot.at(dir.resolve("fakeroot"), (path, value) -> { })).build();

        assertThat(launcher.hostFacts().vhostNetAvailable()).isTrue();
        assertThat(launcher.hostFacts().kvmUsable()).isFalse();
        assertThat(Launcher.builder().build().hostFacts().vhostNetAvailable())
                .as("this machine has no /dev/vhost-net").isEqualTo(Files.exists(Path.of("/dev/vhost-net")));
    }

    @Test
    void vhostOnWithoutVhostNetIsRefusedBeforeQemuStarts() throws Exception {
        var machine = TestMachines.empty("vhost").nic(Nic.virtio(NicBackend.existingTap("lo", VhostMode.ON))).build();

        assertThatThrownBy(() -> TestMachines.launcher(dir).launch(machine))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("nics[0]").hasMessageContaining("vhost");
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("qemu")))
                .isEmpty();
    }

    @Test
    void hotplugsTheHostCannotServeAreRefusedNamingTheFieldAndLeaveTheVmAsItWas() throws Exception {
        RunningVm vm = TestMachines.launcher(dir).launch(
                TestMachines.empty("refuse").usb(UsbController.xhci()).build(), LaunchOptions.startPaused());
        try {
            List<String> ports = vm.freeRootPorts();
            assertThat(ports).isNotEmpty();
            assertThatThrownBy(() -> vm.attach(VfioPci.of("0000:3b:00.0")))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("vfioDevices[0]");
            assertThatThrownBy(() -> vm.attach(UsbHost.byIds(0x1d6b, 0xbeef)))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("usbHostDevices[0]");
            assertThat(vm.hotpluggedDevices()).isEmpty();
            DeviceHandle nic = vm.attach(Nic.virtio(NicBackend.user()));
            assertThat(nic.rootPort()).as("the refused vfio device gave its root port back").contains(ports.getFirst());
        } finally {
            vm.stop();
        }
    }

    @Test
    void theJvmShutdownHookStopsTheVmAndUndoesTheHost() throws Exception {
        Path runtime = TestMachines.shortTempDir("jqx");
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JvmExitProbe.class.getName(),
                dir.resolve("state").toString(), runtime.toString()))
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(out).contains("pid=");
        long pid = Long.parseLong(out.lines().filter(l -> l.startsWith("pid=")).findFirst().orElseThrow().substring(4));
        Path stateDir = Path.of(out.lines().filter(l -> l.startsWith("stateDir=")).findFirst().orElseThrow().substring(9));
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as(out).isEmpty();
        Path journal = stateDir.resolve(UndoJournal.FILE_NAME);
        if (Files.exists(journal)) {
            assertThat(new UndoJournal(journal).pending()).as(out).isEmpty();
        }
        assertThat(runtime.resolve("jvmexit")).doesNotExist();
    }
}
