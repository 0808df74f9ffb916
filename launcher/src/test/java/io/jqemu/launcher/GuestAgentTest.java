package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.GuestAgent;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.TestGuest;
import io.jqemu.qmp.ga.FsFreezeStatus;
import io.jqemu.qmp.ga.GuestIpAddress;
import io.jqemu.qmp.ga.QgaClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunningVm#guestAgent()} against qemu-ga in the booted test guest (one guest for the class,
 * re-attached once, ending with the shutdown ladder's guest-shutdown rung), and its errors on
 * guest-less paused QEMUs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
class GuestAgentTest {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration AGENT = Duration.ofSeconds(60);
    /** Short power-button rung: the guest of the last test ignores the button. */
    private static final ShutdownTimeouts TIMEOUTS = ShutdownTimeouts.defaults()
            .withPowerdownRepeat(Duration.ofSeconds(1)).withGuestPowerOff(Duration.ofSeconds(4))
            .withGuestAgentShutdown(Duration.ofSeconds(60));

    private Path dir;
    private Launcher launcher;
    private RunningVm vm;
    private GuestShell guest;

    @BeforeAll
    void boot(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        launcher = Launcher.builder().qemuBinary(QemuBinary.path()).stateRoot(dir.resolve("state")).runtimeRoot(TestMachines.shortTempDir("jqga"))
                .startTimeout(Duration.ofSeconds(20)).shutdownTimeouts(TIMEOUTS).build();
        MachineBuilder base = Machine.builder().name("agentvm").memoryMib(256)
                .virtioScsi()
                .disk(Disk.imageFile(TestMachines.image(dir, "freeze.img", 16).toString()).scsiHd(0, 0, 0).build())
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()));
        vm = launcher.launch(base.device(new GuestAgent()).build());
        guest = new GuestShell(vm.serialConsole());
        guest.awaitReady(BOOT);
    }

    @AfterAll
    void stop() {
        if (guest != null) {
            guest.close();
        }
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    @Order(1)
    void theAgentAnswersPingInfoOsinfoInterfacesAndFreezesAndThawsAFileSystem() throws Exception {
        QgaClient agent = vm.guestAgent(AGENT);
        agent.ping();
        assertThat(agent.info().version()).startsWith("7.");
        assertThat(agent.info().supports("guest-shutdown")).isTrue();
        assertThat(agent.osInfo().kernelRelease()).hasValue(TestGuest.get().kernelVersion());
        assertThat(agent.networkInterfaces()).filteredOn(i -> i.name().equals("lo")).singleElement()
                .satisfies(lo -> assertThat(lo.ipAddresses())
                        .contains(new GuestIpAddress("127.0.0.1", GuestIpAddress.Type.IPV4, 8)));
        guest.check("modprobe crc32c_generic && modprobe ext4 && mke2fs -q /dev/sda && mount -t ext4 /dev/sda /mnt");
        assertThat(agent.fsFreezeStatus()).isEqualTo(FsFreezeStatus.THAWED);
        assertThat(agent.fsFreeze()).isEqualTo(1);
        assertThat(agent.fsFreezeStatus()).isEqualTo(FsFreezeStatus.FROZEN);
        assertThat(agent.fsThaw()).isEqualTo(1);
        assertThat(agent.fsFreezeStatus()).isEqualTo(FsFreezeStatus.THAWED);
        guest.check("touch /mnt/written-after-thaw && umount /mnt");
        assertThat(vm.guestAgent()).isSameAs(agent);
    }

    @Test
    @Order(2)
    void aReattachedHandleReachesTheAgentAndTheOldClientIsClosed() {
        QgaClient before = vm.guestAgent(AGENT);
        guest.close();
        guest = null;
        vm.disconnect();
        assertThat(before.isOpen()).isFalse();

        vm = launcher.reattach(vm.stateDir());
        vm.guestAgent(AGENT).ping();
        guest = new GuestShell(vm.serialConsole());
    }

    @Test
    @Order(3)
    void aGuestThatIgnoresThePowerButtonIsShutDownThroughItsAgent() throws Exception {
        QgaClient agent = vm.guestAgent(AGENT);
        guest.check("killall acpid");
        int mark = guest.mark();

        ShutdownResult result = vm.shutdown();

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.GUEST_AGENT_SHUTDOWN);
        assertThat(result.guestPoweredOff()).isTrue();
        assertThat(vm.shutdownCause()).hasValueSatisfying(c -> assertThat(c.isGuestPowerOff()).isTrue());
        assertThat(vm.state()).isEqualTo(VmState.STOPPED);
        assertThat(guest.awaitLine(mark, l -> l.startsWith("JQEMU-GUEST-SHUTDOWN"), Duration.ofSeconds(5)))
                .isEqualTo("JQEMU-GUEST-SHUTDOWN poweroff");
        assertThat(agent.isOpen()).isFalse();
        assertThatThrownBy(vm::guestAgent).isInstanceOf(VmExitedException.class);
    }

    @Test
    @Order(4)
    void aVmWithoutAnAgentChannelSaysHowToAddOne() throws Exception {
        try (RunningVm plain = TestMachines.launcher(dir.resolve("plain"))
                .launch(TestMachines.empty("noagent").build(), LaunchOptions.startPaused())) {
            assertThatThrownBy(plain::guestAgent).isInstanceOf(LauncherException.class)
                    .hasMessageContaining("noagent has no guest-agent channel")
                    .hasMessageContaining("[guest_agent]").hasMessageContaining("new GuestAgent()");
        }
    }

    @Test
    @Order(5)
    void anAgentThatDoesNotAnswerIsATimeoutNamingTheHandshake() throws Exception {
        try (RunningVm silent = launcher.launch(TestMachines.empty("silentagent").device(new GuestAgent()).build(),
                LaunchOptions.startPaused())) {
            assertThatThrownBy(() -> silent.guestAgent(Duration.ofSeconds(1))).isInstanceOf(LauncherException.class)
                    .hasMessageContaining("silentagent")
                    .hasMessageContaining("did not answer the guest-sync-delimited handshake")
                    .hasMessageContaining("qga.sock").hasMessageContaining("within 1 s");
        }
    }
}
