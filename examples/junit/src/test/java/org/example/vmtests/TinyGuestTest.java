package org.example.vmtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.junit.ConsoleShell;
import io.jqemu.junit.TestVm;
import io.jqemu.junit.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real VMs in a test: the jqemu test guest booted, and started from a template. */
class TinyGuestTest {
    private static final Duration COMMAND = Duration.ofSeconds(60);

    /** The machine: the test guest booted from its kernel and initramfs, its console on a unix socket. */
    static MachineBuilder tinyGuest() throws IOException {
        String configured = System.getenv("JQEMU_GUEST_DIR");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("set JQEMU_GUEST_DIR to the directory scripts/build-test-guest prints");
        }
        Path guest = Path.of(configured);
        return Machine.builder().memoryMib(192)
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(DirectKernelBoot.kernel(guest.resolve("vmlinux").toString())
                        .withInitrd(guest.resolve("initramfs.cpio.gz").toString())
                        .withCmdline(Files.readString(guest.resolve("cmdline")).strip()));
    }

    @Test
    void bootsTheGuestAndRunsACommand(@Vm(machine = "tinyGuest", ready = ConsoleShell.READY) TestVm vm) {
        assertEquals("Linux", vm.console().check("uname -s", COMMAND));
        assertEquals("42", vm.console().check("echo $((6 * 7))", COMMAND));
    }

    @Test
    void startsFromATemplateInsteadOfBooting(
            @Vm(machine = "tinyGuest", template = "tiny", ready = ConsoleShell.READY) TestVm vm) {
        assertEquals("restored", vm.console().check("echo restored", COMMAND));
        // a booted guest prints its ready line; this one was saved after it
        assertFalse(vm.console().lines().stream().anyMatch(l -> l.contains(ConsoleShell.READY)));
    }
}
