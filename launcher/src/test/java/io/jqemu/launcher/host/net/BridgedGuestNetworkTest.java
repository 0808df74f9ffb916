package io.jqemu.launcher.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Machine;
import io.jqemu.core.render.NetworkNames;
import io.jqemu.launcher.GuestShell;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.ShutdownResult;
import io.jqemu.launcher.ShutdownStep;
import io.jqemu.launcher.TestMachines;
import io.jqemu.launcher.VmState;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's bridged tap end to end, inside a network namespace this test makes: the launch
 * runs on a thread inside the namespace (so the tap and QEMU live there), the guest and the
 * namespace ping each other over the bridge, and the tap is gone after the shutdown.
 */
@BootsGuest
@RequiresRoot
class BridgedGuestNetworkTest {
    private static final String BRIDGE = "jqbr0";

    @TempDir
    Path dir;

    @Test
    void aGuestOnABridgedTapPingsTheNamespaceAndIsPingedBack() throws Exception {
        Machine machine = TestMachines.bridgedGuest("netvm", BRIDGE);
        String tap = NetworkNames.defaultTapName(machine.uuid(), "net0");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.ip("link", "set", "lo", "up");
            ns.ip("link", "add", BRIDGE, "type", "bridge");
            ns.ip("addr", "add", "10.77.0.1/24", "dev", BRIDGE);
            ns.ip("link", "set", BRIDGE, "up");

            RunningVm vm = ns.inside(() -> TestMachines.launcher(dir).launch(machine, LaunchOptions.startPaused()));
            try (GuestShell guest = new GuestShell(vm.serialConsole())) {
                assertThat(ns.ip("link", "show", tap)).contains("master " + BRIDGE);
                vm.resume();
                guest.awaitReady(Duration.ofSeconds(90));
                guest.check("ip link set eth0 up && ip addr add 10.77.0.2/24 dev eth0");

                assertThat(guest.check("ping -c 1 -W 5 10.77.0.1")).contains("1 packets received");
                assertThat(ns.inside(() -> ping("10.77.0.2"))).contains("1 packets received");

                ShutdownResult result = ns.inside(vm::shutdown);
                assertThat(result.endedBy()).isEqualTo(ShutdownStep.GUEST_POWEROFF);
            } finally {
                if (!vm.state().isTerminal()) {
                    ns.inside(vm::stop);
                }
            }
            assertThat(vm.state()).isEqualTo(VmState.STOPPED);
            assertThat(ns.hasLink(tap)).as("the tap is removed with the VM").isFalse();
        }
    }

    private static String ping(String address) throws Exception {
        Process p = new ProcessBuilder("busybox", "ping", "-c", "1", "-W", "5", address).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
