package io.jqemu.launcher.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.launcher.host.HostLayout;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPreparation;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.PreparedHost;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresRoot;
import io.jqemu.testsupport.TestGuest;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the test guest once under TCG with direct kernel boot and proves what the other guest
 * tests rely on: the ready marker, the command shell, the modules, qemu-ga on its virtio-serial
 * port, a tap made by {@link HostPreparation} carrying ping both ways inside a network namespace
 * the test made, hotplug uevent reports, and power-off on the ACPI power button. (The OVMF boot
 * of the bzImage is proven once, through the launcher, by {@code io.jqemu.launcher.OvmfBootTest}.)
 */
@BootsGuest
@RequiresRoot
class TestGuestBootTest {
    @TempDir
    Path dir;

    @Test
    void guestBootsRunsCommandsAnswersTheAgentPingsOverATapAndPowersOffOnTheButton() throws Exception {
        TestGuest guest = TestGuest.get();
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.ip("link", "add", "br0", "type", "bridge");
            ns.ip("addr", "add", "10.0.0.1/24", "dev", "br0");
            ns.ip("link", "set", "br0", "up");
            HostPreparation preparation = new HostPreparation(HostRoot.system(),
                    new HostLayout(dir.resolve("state"), dir.resolve("run")), TapDevices::new);
            PreparedHost prepared = ns.inside(() -> preparation.prepare("guest",
                    List.of(new HostResource.TapToCreate("jq-guest0", "br0", false, "nics[0].backend"))));
            try {
                bootPingAndPowerOff(guest, ns);
            } finally {
                ns.inside(() -> {
                    prepared.close();
                    return null;
                });
            }
            assertThat(ns.hasLink("jq-guest0")).as("tap removed on release").isFalse();
        }
    }

    private void bootPingAndPowerOff(TestGuest guest, NetworkNamespace ns) throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        Path qga = dir.resolve("qga.sock");
        List<String> argv = new ArrayList<>(List.of(QemuBinary.path(), "-machine", "q35", "-accel", "tcg",
                "-m", "256", "-nodefaults", "-display", "none",
                "-chardev", "stdio,id=serial0,signal=off", "-serial", "chardev:serial0",
                "-qmp", "unix:" + qmp + ",server=on,wait=off",
                "-device", "virtio-serial-pci,id=vser0",
                "-chardev", "socket,id=qga0,path=" + qga + ",server=on,wait=off",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
                "-netdev", "tap,id=net0,ifname=jq-guest0,script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=net0,mac=52:54:00:12:34:56",
                "-device", "pcie-root-port,id=rp1,chassis=1"));
        argv.addAll(guest.directBootArgs());
        Process qemu = new ProcessBuilder(ns.exec(argv)).redirectErrorStream(true).start();
        try {
            GuestConsole console = new GuestConsole(qemu.getInputStream(), qemu.getOutputStream());
            assertThat(console.awaitReady(Duration.ofSeconds(90))).contains("kernel=" + guest.kernelVersion());

            assertThat(console.run("uname -r", Duration.ofSeconds(20)))
                    .isEqualTo(new GuestConsole.Result(0, List.of(guest.kernelVersion())));
            GuestConsole.Result modules = console.run("cut -d' ' -f1 /proc/modules", Duration.ofSeconds(20));
            assertThat(modules.output()).contains("virtio_net", "virtio_scsi", "virtio_balloon", "9p", "usb_storage",
                    "button", "evdev");
            assertThat(console.run("ls /nonexistent", Duration.ofSeconds(20)).status()).isNotZero();
            assertThat(console.run("pidof acpid", Duration.ofSeconds(20)).status()).isZero();

            assertThat(console.run("ip addr add 10.0.0.2/24 dev eth0 && ip link set eth0 up"
                    + " && ping -c 1 -W 10 10.0.0.1", Duration.ofSeconds(30)).status()).as("guest pings the bridge").isZero();
            assertThat(ns.ping("10.0.0.2")).as("the namespace pings the guest").isTrue();

            if (guest.hasGuestAgent()) {
                assertThat(exchange(qga, "{\"execute\":\"guest-get-osinfo\"}\n", reply -> reply.contains("kernel-release")))
                        .contains("\"kernel-release\": \"" + guest.kernelVersion() + "\"");
            }

            int beforeHotplug = console.mark();
            exchange(qmp, "{\"execute\":\"qmp_capabilities\"}\n"
                    + "{\"execute\":\"netdev_add\",\"arguments\":{\"type\":\"user\",\"id\":\"hp0\"}}\n"
                    + "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"virtio-net-pci\",\"id\":\"hpnic\","
                    + "\"netdev\":\"hp0\",\"bus\":\"rp1\"}}\n", reply -> reply.split("\"return\"", -1).length == 4);
            assertThat(console.await(beforeHotplug, l -> l.startsWith("JQEMU-UEVENT add net eth1 "),
                    Duration.ofSeconds(30)))
                    .as("hotplug reported on the console").contains("/net/eth1");

            String qmpReply = exchange(qmp, "{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"system_powerdown\"}\n",
                    reply -> reply.contains("POWERDOWN"));
            assertThat(qmpReply).contains("\"event\": \"POWERDOWN\"");
            console.await(l -> l.equals("JQEMU-GUEST-POWEROFF"), Duration.ofSeconds(30));
            assertThat(qemu.waitFor(30, TimeUnit.SECONDS)).as("QEMU exits after the guest powers off").isTrue();
            assertThat(qemu.exitValue()).isZero();
        } finally {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code request} on a unix socket and reads until the reply so far satisfies {@code done} (bounded). */
    private static String exchange(Path socket, String request, Predicate<String> done) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            StringBuilder reply = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            channel.configureBlocking(false);
            while (!done.test(reply.toString()) && System.nanoTime() < deadline) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    continue;
                }
                reply.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
            }
            return reply.toString();
        }
    }
}
