package io.jqemu.launcher.host.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.VhostMode;
import io.jqemu.core.render.NetworkNames;
import io.jqemu.launcher.DeviceHandle;
import io.jqemu.launcher.GuestShell;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.TestMachines;
import io.jqemu.launcher.VmState;
import io.jqemu.launcher.host.HostException;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QEMU as an unprivileged user ({@code run_as = "nobody"}): launched by root, it drops to nobody's uid
 * ({@code /proc/<pid>/status}), its guest pings through the bridged tap, and a NIC attached after the
 * drop works because the launcher gave the new tap to nobody ({@code TUNSETOWNER}): QEMU opens it by
 * name with no privilege left. Where nobody cannot open /dev/net/tun, the attach is refused before
 * anything is made, naming {@code runAs}.
 */
@BootsGuest
@RequiresRoot
class UnprivilegedQemuGuestTest {
    private static final String BRIDGE = "jqbr0";
    private static final String USER = "nobody";

    @TempDir
    Path dir;

    @Test
    void qemuRunsAsNobodyAndTheGuestPingsThroughItsTaps() throws Exception {
        int uid = uid(USER);
        Machine machine = TestMachines.bridgedGuest("runasvm", BRIDGE).toBuilder().runAs(USER).build();
        String tap = NetworkNames.defaultTapName(machine.uuid(), "net0");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.ip("link", "set", "lo", "up");
            ns.ip("link", "add", BRIDGE, "type", "bridge");
            ns.ip("addr", "add", "10.78.0.1/24", "dev", BRIDGE);
            ns.ip("link", "set", BRIDGE, "up");

            RunningVm vm = ns.inside(() -> TestMachines.launcher(dir).launch(machine, LaunchOptions.startPaused()));
            try (GuestShell guest = new GuestShell(vm.serialConsole())) {
                assertThat(Files.readAllLines(Path.of("/proc", Long.toString(vm.pid()), "status")))
                        .contains("Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid);
                assertThat(ns.ip("-d", "link", "show", tap)).contains("user " + USER + " ");
                vm.resume();
                guest.awaitReady(Duration.ofSeconds(90));
                guest.check("ip link set eth0 up && ip addr add 10.78.0.2/24 dev eth0");
                assertThat(guest.check("ping -c 1 -W 5 10.78.0.1")).contains("1 packets received");
                assertThat(ns.inside(() -> ping("10.78.0.2"))).contains("1 packets received");

                Nic nic = Nic.virtio(NicBackend.bridge(BRIDGE, VhostMode.OFF));
                assertThatThrownBy(() -> withTunMode("rw-------", () -> ns.inside(() -> vm.attach(nic))))
                        .isInstanceOf(HostException.class)
                        .hasMessageContaining("runAs: QEMU runs as nobody, who cannot open /dev/net/tun (mode 0600");
                assertThat(ns.ip("-o", "link", "show").lines().filter(l -> l.contains(": jqt")))
                        .as("no tap made for the refused NIC").singleElement().asString().contains(tap);
                DeviceHandle second = withTunMode("rw-rw-rw-", () -> ns.inside(() -> vm.attach(nic)));
                String secondTap = NetworkNames.defaultTapName(machine.uuid(), second.id());
                assertThat(ns.ip("-d", "link", "show", secondTap)).contains("user " + USER + " ").contains("master " + BRIDGE);
                guest.check("for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /sys/class/net/eth1 ] && break; sleep 1; done;"
                        + " ip link set eth1 up && ip addr add 10.78.1.2/24 dev eth1");
                ns.ip("addr", "add", "10.78.1.1/24", "dev", BRIDGE);
                assertThat(guest.check("ping -c 1 -W 5 -I eth1 10.78.1.1")).contains("1 packets received");
            } finally {
                if (!vm.state().isTerminal()) {
                    ns.inside(vm::stop);
                }
            }
            assertThat(vm.state()).isEqualTo(VmState.STOPPED);
            assertThat(ns.hasLink(tap)).as("the tap is removed with the VM").isFalse();
        }
    }

    /**
     * Runs {@code body} with /dev/net/tun at {@code mode}, then gives it its mode back. Debian makes it
     * 0666; some hosts (this test machine) 0600, where QEMU as another user cannot open a tap after start.
     */
    private static <T> T withTunMode(String mode, Callable<T> body) throws Exception {
        Path tun = Path.of("/dev/net/tun");
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(tun);
        Files.setPosixFilePermissions(tun, PosixFilePermissions.fromString(mode));
        try {
            return body.call();
        } finally {
            Files.setPosixFilePermissions(tun, before);
        }
    }

    private static int uid(String user) throws Exception {
        Process p = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return Integer.parseInt(out);
    }

    private static String ping(String address) throws Exception {
        Process p = new ProcessBuilder("busybox", "ping", "-c", "1", "-W", "5", address).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
