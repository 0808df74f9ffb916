package io.jqemu.launcher.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the test guest once under TCG with direct kernel boot and proves what the other guest
 * tests rely on: the ready marker, the command shell, the modules, qemu-ga on its virtio-serial
 * port, and power-off on the ACPI power button.
 */
class TestGuestBootTest {
    @TempDir
    Path dir;

    @Test
    void guestBootsRunsCommandsAnswersTheAgentAndPowersOffOnTheButton() throws Exception {
        TestGuest guest = TestGuest.get();
        Path qmp = dir.resolve("qmp.sock");
        Path qga = dir.resolve("qga.sock");
        List<String> argv = new ArrayList<>(List.of("qemu-system-x86_64", "-machine", "q35", "-accel", "tcg",
                "-m", "256", "-nodefaults", "-display", "none",
                "-chardev", "stdio,id=serial0,signal=off", "-serial", "chardev:serial0",
                "-qmp", "unix:" + qmp + ",server=on,wait=off",
                "-device", "virtio-serial-pci,id=vser0",
                "-chardev", "socket,id=qga0,path=" + qga + ",server=on,wait=off",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0"));
        argv.addAll(guest.directBootArgs());
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true).start();
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

            if (guest.hasGuestAgent()) {
                assertThat(exchange(qga, "{\"execute\":\"guest-get-osinfo\"}\n", "kernel-release"))
                        .contains("\"kernel-release\": \"" + guest.kernelVersion() + "\"");
            }

            String qmpReply = exchange(qmp, "{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"system_powerdown\"}\n",
                    "POWERDOWN");
            assertThat(qmpReply).contains("\"event\": \"POWERDOWN\"");
            console.await(l -> l.equals("JQEMU-GUEST-POWEROFF"), Duration.ofSeconds(30));
            assertThat(qemu.waitFor(30, TimeUnit.SECONDS)).as("QEMU exits after the guest powers off").isTrue();
            assertThat(qemu.exitValue()).isZero();
        } finally {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code request} on a unix socket and reads until {@code until} appears (bounded). */
    private static String exchange(Path socket, String request, String until) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            StringBuilder reply = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            channel.configureBlocking(false);
            while (!reply.toString().contains(until) && System.nanoTime() < deadline) {
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
