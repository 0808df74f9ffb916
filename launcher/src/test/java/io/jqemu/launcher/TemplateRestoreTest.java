package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.render.NetworkNames;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One template VM ({@link LaunchOptions#asTemplate()}) booted once and saved at its ready line; its
 * state restored three times in parallel, each clone with its own name, sockets and user-mode NIC MAC,
 * each answering on its own console, none seeing another's writes (each maps the saved RAM file
 * privately); a machine that differs is refused before anything is made on the host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
class TemplateRestoreTest {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final int CLONES = 3;

    private Launcher launcher;
    private Path state;
    private String templateMac;
    private final List<RunningVm> clones = new ArrayList<>();
    private final List<GuestShell> consoles = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(CLONES);

    private static Machine machine(String name) {
        return Machine.builder().name(name).memoryMib(128)
                .nic(Nic.virtio(NicBackend.user()))
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
    }

    @BeforeAll
    void bootAndSaveTheTemplate(@TempDir Path dir) throws Exception {
        launcher = TestMachines.launcher(dir);
        state = dir.resolve("template.state");
        Machine template = machine("tmpl");
        Path templateRuntime = launcher.render(template).paths().runtimeDir();
        try (RunningVm vm = launcher.launch(template, LaunchOptions.startPaused().asTemplate());
             GuestShell guest = new GuestShell(vm.serialConsole())) {
            assertThat(templateRuntime.resolve(TemplateRam.FILE_NAME)).exists();
            vm.resume();
            guest.awaitReady(BOOT);
            templateMac = guest.check("cat /sys/class/net/eth0/address").strip();
            vm.saveState(state, AfterSave.STOP);
            assertThat(vm.terminated().join()).isEqualTo(VmState.STOPPED);
        }
        assertThat(templateRuntime).doesNotExist();
    }

    @AfterAll
    void stopTheClones() {
        consoles.forEach(GuestShell::close);
        clones.forEach(RunningVm::close);
        pool.shutdownNow();
    }

    @Test
    @Order(1)
    void theTemplatesRamIsAPrivateSparseFileBesideTheStateAndOutOfItsStream() throws Exception {
        Path ram = VmStateFile.ramFile(state);
        assertThat(ram.getFileName().toString()).isEqualTo("template.state.ram");
        assertThat(Files.size(ram)).isEqualTo(128L << 20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ram))).isEqualTo("rw-------");
        Process stat = new ProcessBuilder("stat", "-c", "%b", ram.toString()).redirectErrorStream(true).start();
        long allocated = Long.parseLong(new String(stat.getInputStream().readAllBytes()).strip()) * 512;
        assertThat(allocated).as("disk space of the RAM copy (holes kept)").isLessThan(128L << 20);
        assertThat(Files.size(state)).as("the stream holds the devices only").isLessThan(8L << 20);
        assertThat(VmStateFile.read(state).ram().file()).contains("template.state.ram");
    }

    @Test
    @Order(2)
    void threeParallelRestoresEachAnswerOnTheirOwnConsoleWithTheirOwnSockets() throws Exception {
        List<CompletableFuture<RunningVm>> starting = new ArrayList<>();
        for (int i = 1; i <= CLONES; i++) {
            Machine clone = machine("clone-" + i);
            starting.add(CompletableFuture.supplyAsync(
                    () -> launcher.launch(clone, LaunchOptions.startPaused().restoring(state)), pool));
        }
        for (CompletableFuture<RunningVm> f : starting) {
            clones.add(f.get());
        }
        for (RunningVm vm : clones) {
            GuestShell console = new GuestShell(vm.serialConsole());
            consoles.add(console);
            vm.resume();
        }
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < CLONES; i++) {
            GuestShell console = consoles.get(i);
            int n = i + 1;
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return console.check("echo clone $((" + n + " * 7))");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        for (int i = 0; i < CLONES; i++) {
            assertThat(answers.get(i).get().strip()).isEqualTo("clone " + (i + 1) * 7);
        }
        List<Path> sockets = new ArrayList<>();
        for (int i = 0; i < CLONES; i++) {
            RunningVm vm = clones.get(i);
            VmPaths paths = launcher.render(machine("clone-" + (i + 1))).paths();
            assertThat(vm.state()).isEqualTo(VmState.RUNNING);
            assertThat(vm.serialConsoleSocket()).contains(paths.socket("serial0"));
            assertThat(paths.socket("qmp")).exists();
            sockets.add(paths.socket("serial0"));
            sockets.add(paths.socket("qmp"));
        }
        assertThat(sockets).doesNotHaveDuplicates().hasSize(2 * CLONES);
    }

    @Test
    @Order(3)
    void noCloneSeesAnothersWritesToTheSharedTemplateRam() throws Exception {
        consoles.get(0).check("echo written-by-clone-1 > /tmp/mine");
        assertThat(consoles.get(0).check("cat /tmp/mine").strip()).isEqualTo("written-by-clone-1");
        for (int i = 1; i < CLONES; i++) {
            assertThat(consoles.get(i).check("test -e /tmp/mine && echo present || echo absent").strip())
                    .isEqualTo("absent");
        }
        assertThat(VmStateFile.read(state).ram().file()).isPresent();
    }

    @Test
    @Order(4)
    void eachCloneGetsItsOwnMacOnTheCommandLineWhileTheGuestKeepsTheTemplates() throws Exception {
        Machine clone = machine("clone-1");
        String ownMac = NetworkNames.defaultMac(clone.uuid(), "net0");
        assertThat(ownMac).isNotEqualTo(templateMac);
        assertThat(String.join(" ", launcher.renderForRestore(clone, state).argv())).contains(ownMac);
        // QEMU migrates the NIC's MAC with its state: the restored guest's NIC keeps the template's
        assertThat(consoles.get(0).check("cat /sys/class/net/eth0/address").strip()).isEqualTo(templateMac);
    }

    @Test
    @Order(5)
    void aStateOfAnotherMachineIsRefusedBeforeTheHostIsTouched() {
        Machine bigger = machine("other").toBuilder().memoryMib(256).build();
        VmPaths paths = launcher.render(bigger).paths();

        assertThatThrownBy(() -> launcher.launch(bigger, LaunchOptions.running().restoring(state)))
                .isInstanceOf(StateMismatchException.class)
                .hasMessageContaining("cannot restore " + state + " into VM other: the machine differs from the one saved"
                        + " (VM tmpl)")
                .hasMessageContaining("memoryMib: saved with -m size=128M, now -m size=256M");
        assertThat(paths.stateDir()).doesNotExist();
        assertThat(paths.runtimeDir()).doesNotExist();
    }
}
