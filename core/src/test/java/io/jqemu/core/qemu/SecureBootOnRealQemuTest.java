package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debian's Secure Boot OVMF runs under TCG with SMM and secure flash as jqemu renders it, and enforces
 * Secure Boot: with the vars template that has Microsoft's keys enrolled it refuses to start the
 * unsigned UEFI shell built into the firmware ("Security Violation" on the serial console); with the
 * template without keys the same firmware starts the shell. No signed operating system boots here.
 */
@Timeout(300)
@RequiresQemu
class SecureBootOnRealQemuTest {
    private static final Duration FIRMWARE = Duration.ofSeconds(240);

    @Test
    void theFirmwareRefusesTheUnsignedShellWithMicrosoftsKeysEnrolled() throws Exception {
        String console = bootFirmware("secure-boot", Firmware.secureBoot(), "Security Violation");
        assertThat(console).contains("failed to start Boot0001 \"EFI Internal Shell\"").contains("Security Violation");
    }

    @Test
    void withoutEnrolledKeysTheSameFirmwareStartsTheShell() throws Exception {
        Firmware noKeys = new Firmware.Ovmf(Firmware.SECURE_BOOT_CODE, Optional.of("/usr/share/OVMF/OVMF_VARS_4M.fd"), true);
        String console = bootFirmware("secure-boot-no-keys", noKeys, "Shell>");
        assertThat(console).doesNotContain("Security Violation");
    }

    /** Runs the firmware of a diskless machine until its serial console shows {@code expected}; returns the console. */
    private static String bootFirmware(String name, Firmware firmware, String expected) throws Exception {
        Path dir = TestDirs.create(name);
        Path serial = dir.resolve("serial.log");
        Machine machine = Machine.builder().name(name).accelerator(Accelerator.TCG).memoryMib(512)
                .firmware(firmware).serial(CharBackend.file(serial.toString())).spareRootPorts(0).build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        TestDirs.prepareOvmfVars(rendered);
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            assertThat(qemu.qmp().qomGet("/machine", "smm").asText()).isEqualTo("on");
            assertThat(qemu.qmp().qomGet("/machine/system.flash0", "secure").asBoolean()).isTrue();
            assertThat(qemu.qmp().qomGet("/machine/system.flash1", "secure").asBoolean()).isTrue();
            qemu.qmp().execute("cont");
            String console = awaitText(serial, expected, FIRMWARE);
            assertThat(qemu.qmp().execute("query-status").path("status").asText()).isEqualTo("running");
            return console;
        }
    }

    private static String awaitText(Path file, String expected, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            text = Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
            if (text.contains(expected)) {
                return text;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no '" + expected + "' on the firmware's serial console within " + timeout
                + "; it shows:\n" + text);
    }
}
