package io.jqemu.launcher.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.VhostMode;
import io.jqemu.core.render.NetworkNames;
import io.jqemu.launcher.DeviceHandle;
import io.jqemu.launcher.GuestShell;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.ShutdownResult;
import io.jqemu.launcher.ShutdownStep;
import io.jqemu.launcher.TestMachines;
import io.jqemu.launcher.VmState;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.host.HostPreparation;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresRoot;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A macvtap NIC end to end: QEMU starts paused without it, the launcher opens the macvtap's queue,
 * hands it over with {@code getfd} (SCM_RIGHTS), adds the netdev and the device into the root
 * port the command line kept for it, and only then lets the guest run. This kernel has no
 * macvtap module, so {@link TapBackedMacvtaps} stands in for the link (a tap on the parent bridge,
 * opened through {@code /dev/net/tun}); the descriptor QEMU gets is a real tap queue, and the guest
 * pings the namespace through it both ways.
 */
@BootsGuest
@RequiresRoot
class MacvtapGuestNetworkTest {
    private static final String PARENT = "jqpar0";

    @TempDir
    Path dir;

    @Test
    void aGuestOnAMacvtapPingsItsParentsNetworkAndAHotPluggedMacvtapComesAndGoes() throws Exception {
        Machine machine = macvtapGuest("mvvm");
        String macvtap = NetworkNames.defaultMacvtapName(machine.uuid(), "net0");
        TapBackedMacvtaps links = new TapBackedMacvtaps();
        try (NetworkNamespace ns = parentNetwork()) {
            Launcher launcher = launcher(links);
            assertThat(launcher.render(machine).rendered().argv()).as("the NIC is not on the command line")
                    .noneMatch(a -> a.contains("netdev-net0"));

            RunningVm vm = ns.inside(() -> launcher.launch(machine, LaunchOptions.startPaused()));
            try (GuestShell guest = new GuestShell(vm.serialConsole())) {
                assertThat(links.created).containsExactly(macvtap);
                assertThat(links.opened).containsExactly(macvtap);
                assertThat(ns.ip("link", "show", macvtap)).contains("master " + PARENT);
                vm.resume();
                guest.awaitReady(Duration.ofSeconds(90));
                assertThat(guest.check("cat /sys/class/net/eth0/address").trim())
                        .isEqualTo(NetworkNames.defaultMac(machine.uuid(), "net0"));
                // added after QEMU's first reset, yet in the firmware's boot order (boot_index 1)
                assertThat(guest.check("cat /sys/firmware/qemu_fw_cfg/by_name/bootorder/raw; echo"))
                        .containsPattern("/pci@i0cf8/pci-bridge@\\d+/ethernet@0");
                guest.check("ip link set eth0 up && ip addr add 10.78.0.2/24 dev eth0");
                assertThat(guest.check("ping -c 1 -W 5 10.78.0.1")).contains("1 packets received");
                assertThat(ns.ping("10.78.0.2")).as("the namespace reaches the guest").isTrue();

                // the same path for a NIC hot-plugged into the running guest
                DeviceHandle second = ns.inside(() -> vm.attach(Nic.virtio(
                        NicBackend.macvtap(PARENT, MacvtapMode.BRIDGE, VhostMode.OFF))));
                String secondMacvtap = NetworkNames.defaultMacvtapName(machine.uuid(), second.id());
                assertThat(links.opened).containsExactly(macvtap, secondMacvtap);
                assertThat(guest.check("for i in $(seq 50); do [ -e /sys/class/net/eth1 ] && break; sleep 0.2; done; "
                        + "cat /sys/class/net/eth1/address").trim())
                        .isEqualTo(NetworkNames.defaultMac(machine.uuid(), second.id()));
                ns.inside(() -> {
                    second.detach(Duration.ofSeconds(30));
                    return null;
                });
                assertThat(ns.hasLink(secondMacvtap)).as("the hot-plugged macvtap is removed on unplug").isFalse();

                // a descriptor QEMU refuses: the plug is rolled back, the macvtap removed, the port kept
                links.notATap = true;
                List<String> ports = vm.freeRootPorts();
                assertThatThrownBy(() -> ns.inside(() -> vm.attach(Nic.virtio(
                        NicBackend.macvtap(PARENT, MacvtapMode.BRIDGE, VhostMode.OFF)))))
                        .isInstanceOf(QmpErrorException.class).hasMessageContaining("netdev_add");
                links.notATap = false;
                assertThat(vm.freeRootPorts()).isEqualTo(ports);
                assertThat(links.removed).hasSize(2);
                assertThat(vm.hotpluggedDevices()).isEmpty();

                // the launched macvtap NIC can be detached too; its root port becomes spare
                DeviceHandle first = vm.device("net0");
                assertThat(first.rootPort()).isPresent();
                first.detach(Duration.ofSeconds(30));
                assertThat(guest.check("ls /sys/class/net")).doesNotContain("eth0");
                assertThat(vm.freeRootPorts()).contains(first.rootPort().get());
                assertThat(ns.hasLink(macvtap)).as("a launched device's host changes last until the VM stops").isTrue();

                ShutdownResult result = ns.inside(vm::shutdown);
                assertThat(result.endedBy()).isEqualTo(ShutdownStep.GUEST_POWEROFF);
            } finally {
                if (!vm.state().isTerminal()) {
                    ns.inside(vm::stop);
                }
            }
            assertThat(vm.state()).isEqualTo(VmState.STOPPED);
            assertThat(links.removed).contains(macvtap);
            assertThat(ns.hasLink(macvtap)).as("the macvtap is removed with the VM").isFalse();
        }
    }

    @Test
    void aMacvtapThatCannotBeOpenedFailsTheLaunchAndLeavesNothingBehind() throws Exception {
        Machine machine = macvtapGuest("mvfail");
        String macvtap = NetworkNames.defaultMacvtapName(machine.uuid(), "net0");
        TapBackedMacvtaps links = new TapBackedMacvtaps();
        links.failOpen = true;
        try (NetworkNamespace ns = parentNetwork()) {
            Launcher launcher = launcher(links);
            assertThatThrownBy(() -> ns.inside(() -> launcher.launch(machine)))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("nics[0].backend: cannot open /dev/tap99 of macvtap " + macvtap);
            assertThat(links.created).containsExactly(macvtap);
            assertThat(links.removed).containsExactly(macvtap);
            assertThat(ns.hasLink(macvtap)).isFalse();
            assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("qemu")))
                    .as("no QEMU left running").isEmpty();
            Path stateDir = dir.resolve("state").resolve("mvfail");
            assertThat(Files.exists(stateDir.resolve("vm.properties"))).isFalse();
        }
    }

    private Launcher launcher(TapBackedMacvtaps links) throws Exception {
        HostLayout layout = new HostLayout(dir.resolve("state"), TestMachines.shortTempDir("jqr"));
        return Launcher.builder()
                .stateRoot(layout.stateRoot())
                .runtimeRoot(layout.runtimeRoot())
                .hostPreparation(new HostPreparation(HostRoot.system(), layout, TapDevices::new, () -> links))
                .qemuBinary(QemuBinary.path())
                .startTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static NetworkNamespace parentNetwork() throws Exception {
        NetworkNamespace ns = NetworkNamespace.create();
        ns.ip("link", "set", "lo", "up");
        ns.ip("link", "add", PARENT, "type", "bridge");
        ns.ip("addr", "add", "10.78.0.1/24", "dev", PARENT);
        ns.ip("link", "set", PARENT, "up");
        return ns;
    }

    private static Machine macvtapGuest(String name) {
        return Machine.builder().name(name).memoryMib(192).spareRootPorts(1)
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .nic(Nic.virtio(NicBackend.macvtap(PARENT, MacvtapMode.BRIDGE, VhostMode.OFF)).withBootIndex(1))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
    }
}
