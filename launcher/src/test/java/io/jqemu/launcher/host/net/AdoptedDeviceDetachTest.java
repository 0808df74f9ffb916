package io.jqemu.launcher.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.VhostMode;
import io.jqemu.launcher.DeviceHandle;
import io.jqemu.launcher.DeviceState;
import io.jqemu.launcher.GuestShell;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.TestMachines;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresRoot;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.assertj.core.api.Assertions;

/**
 * A NIC on a bridged tap hot-plugged by one controller, taken over by the next: after the first
 * lets go (as a killed controller would: nothing undone), a re-attaching launcher finds the NIC's
 * journal, and detaching the NIC through it removes the device from the guest, the tap from the
 * namespace and the NIC's state directory.
 */
@BootsGuest
@RequiresRoot
class AdoptedDeviceDetachTest {
    private static final String BRIDGE = "jqbr8";
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aNicHotPluggedByAnEarlierControllerIsDetachedAndItsTapRemoved() throws Exception {
        Machine machine = Machine.builder().name("adopt").memoryMib(192).spareRootPorts(2)
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
        Path runtime = TestMachines.shortTempDir("jqa");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.ip("link", "add", BRIDGE, "type", "bridge");
            ns.ip("link", "set", BRIDGE, "up");
            RunningVm first = ns.inside(() -> launcher(runtime).launch(machine, LaunchOptions.startPaused()));
            RunningVm second = null;
            try (GuestShell guest = new GuestShell(first.serialConsole())) {
                first.resume();
                guest.awaitReady(Duration.ofSeconds(120));
                int mark = guest.mark();
                DeviceHandle nic = ns.inside(() -> first.attach(Nic.virtio(NicBackend.bridge(BRIDGE, VhostMode.AUTO))));
                String ifname = guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT add net "), STEP).split(" ")[3];
                String tap = ns.ip("-o", "link", "show", "master", BRIDGE).split(":")[1].strip().split("@")[0];
                Path nicState = dir.resolve("state").resolve("adopt." + nic.id());
                assertThat(nicState.resolve("hotplug.json")).exists();

                first.disconnect();
                RunningVm taken = ns.inside(() -> launcher(runtime).reattach(dir.resolve("state").resolve("adopt"),
                        machine));
                second = taken;

                DeviceHandle adopted = taken.device(nic.id());
                assertThat(taken.hotpluggedDevices()).contains(adopted);
                assertThat(adopted.rootPort()).isEqualTo(nic.rootPort());
                assertThat(taken.freeRootPorts()).doesNotContain(nic.rootPort().orElseThrow());
                Assertions.assertThatThrownBy(adopted::device).isInstanceOf(LauncherException.class)
                        .hasMessageContaining("hot-plugged by an earlier controller");

                ns.inside(() -> {
                    adopted.detach(STEP);
                    return null;
                });

                assertThat(adopted.state()).isEqualTo(DeviceState.DETACHED);
                assertThat(guest.check("ls /sys/class/net")).doesNotContain(ifname);
                assertThat(ns.hasLink(tap)).as("the adopted NIC's tap is removed on detach").isFalse();
                assertThat(nicState).doesNotExist();
                assertThat(taken.freeRootPorts()).contains(nic.rootPort().orElseThrow());
            } finally {
                RunningVm owner = second != null ? second : first;
                if (!owner.state().isTerminal()) {
                    ns.inside(owner::stop);
                }
            }
        }
    }

    private Launcher launcher(Path runtime) {
        return Launcher.builder().stateRoot(dir.resolve("state")).runtimeRoot(runtime).qemuBinary(QemuBinary.path())
                .startTimeout(Duration.ofSeconds(20)).build();
    }
}
