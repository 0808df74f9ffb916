package io.jqemu.qmp.ga;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpEvent;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpReplyAndEvent;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.DeviceAdd;
import io.jqemu.qmp.command.DeviceDel;
import io.jqemu.qmp.command.SystemPowerdown;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.TestGuest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's tiny test guest (scripts/build-test-guest, booted under TCG) with qemu-ga on a
 * virtio-serial port: the guest-agent client talks to the agent inside the guest through QEMU's
 * unix-socket chardev; a virtio disk on a PCIe root port is unplugged with the guest's cooperation
 * and its DEVICE_DELETED matched among QEMU's other DEVICE_DELETED events; system_powerdown is
 * awaited as SHUTDOWN.
 */
@BootsGuest
class RealGuestTest {
    private static final Duration BOOT = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @Test
    void agentAnswersUnplugCompletesAndPowerdownEndsInShutdown() throws Exception {
        Path guest = TestGuest.get().dir();
        assertThat(Files.readString(guest.resolve("qemu-ga")).trim()).isEqualTo("yes");
        Path serial = dir.resolve("serial.log");
        Path qga = dir.resolve("qga.sock");
        Path qmp = dir.resolve("qmp.sock");
        Process qemu = new ProcessBuilder(QemuBinary.path(), "-accel", "tcg", "-machine", "q35", "-m", "256",
                "-nodefaults", "-display", "none",
                "-kernel", guest.resolve("vmlinux").toString(), "-initrd", guest.resolve("initramfs.cpio.gz").toString(),
                "-append", Files.readString(guest.resolve("cmdline")).trim(),
                "-serial", "file:" + serial,
                "-device", "pcie-root-port,id=rp1,chassis=1,bus=pcie.0",
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=qga0,path=" + qga + ",server=on,wait=off",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
                "-chardev", "socket,id=qmp,path=" + qmp + ",server=on,wait=off", "-mon", "chardev=qmp,mode=control")
                .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try (QmpClient client = QmpClient.builder().unixSocket(qmp).connect()) {
            awaitSerial(serial, "JQEMU-GUEST-READY", qemu);
            assertThat(Files.readString(serial)).contains("JQEMU-GUEST-AGENT");
            String kernel = Files.readString(guest.resolve("kernel-version")).trim();
            try (QgaClient agent = QgaClient.builder().unixSocket(qga).syncTimeout(Duration.ofSeconds(30)).connect()) {
                assertThat(agent.execute("guest-ping").isObject()).isTrue();
                JsonNode os = agent.execute("guest-get-osinfo");
                assertThat(os.path("kernel-release").asText()).isEqualTo(kernel);
                assertThat(agent.execute("guest-info").path("version").asText()).startsWith("7.");
                agent.ping();
                assertThat(agent.osInfo().kernelRelease()).hasValue(kernel);
                assertThat(agent.info().supports("guest-shutdown")).isTrue();
                assertThat(agent.networkInterfaces()).filteredOn(i -> i.name().equals("lo")).singleElement()
                        .satisfies(lo -> assertThat(lo.ipAddresses())
                                .contains(new GuestIpAddress("127.0.0.1", GuestIpAddress.Type.IPV4, 8)));
                // the test guest runs from its initramfs and mounts nothing that can be frozen: the
                // agent freezes nothing, stays thawed and keeps answering
                assertThat(agent.fsFreeze()).isZero();
                assertThat(agent.fsFreezeStatus()).isEqualTo(FsFreezeStatus.THAWED);
                assertThat(agent.fsThaw()).isZero();
                agent.ping();
                agent.sync();
                assertThat(agent.execute("guest-get-host-name").path("host-name").asText()).isNotEmpty();
            }
            List<QmpEvent> deleted = new CopyOnWriteArrayList<>();
            client.subscribe("DEVICE_DELETED", deleted::add);
            client.send(new BlockdevAdd(JsonNodeFactory.instance.objectNode()
                    .put("driver", "null-co").put("node-name", "hot0").put("size", 1 << 20)));
            client.send(new DeviceAdd("virtio-blk-pci", "vdhot", JsonNodeFactory.instance.objectNode()
                    .put("drive", "hot0").put("bus", "rp1")));
            QmpReplyAndEvent<Void> unplugged = client.sendAndAwait(new DeviceDel("vdhot"),
                    QmpEvents.deviceDeleted("vdhot"), Duration.ofSeconds(60));
            assertThat(unplugged.event().text("path")).contains("/machine/peripheral/vdhot");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (deleted.size() < 2 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            // QEMU 7.2 reports the virtio backend first, without a device id; the matcher skipped it.
            assertThat(deleted).first().satisfies(e -> {
                assertThat(e.text("device")).isEmpty();
                assertThat(e.text("path")).hasValueSatisfying(p -> assertThat(p).endsWith("/virtio-backend"));
            });
            assertThat(deleted).last().isEqualTo(unplugged.event());

            QmpReplyAndEvent<Void> down = client.sendAndAwait(new SystemPowerdown(), QmpEvents.shutdown(),
                    Duration.ofSeconds(60));
            assertThat(down.event().data().path("guest").asBoolean()).isTrue();
            assertThat(qemu.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitSerial(Path serial, String marker, Process qemu) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline && qemu.isAlive()) {
            if (Files.exists(serial) && Files.readString(serial, StandardCharsets.ISO_8859_1).contains(marker)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("guest did not print " + marker + " within " + BOOT + "; serial: "
                + (Files.exists(serial) ? Files.readString(serial, StandardCharsets.ISO_8859_1) : "(none)"));
    }
}
