package io.jqemu.benchmarks.state;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.SerialConsole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The jqemu test guest ({@code scripts/build-test-guest}, found through {@code JQEMU_GUEST_DIR}) as
 * the benchmarks boot it, and "ready" as they measure it: the guest's shell has answered a command
 * on its serial console ({@code echo} of a computed value, see {@code scripts/guest/README.md}).
 */
final class TestGuestVm {
    /** What the guest prints once its shell listens after a boot. */
    static final String BOOTED = "JQEMU-GUEST-READY";

    private TestGuestVm() {
    }

    /** The test guest: q35, TCG, {@code ramMib}, a serial console on a unix socket, direct kernel boot. */
    static Machine machine(String name, int ramMib) throws IOException {
        String dir = System.getenv("JQEMU_GUEST_DIR");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("set JQEMU_GUEST_DIR to the test guest's directory"
                    + " (export JQEMU_GUEST_DIR=$(scripts/build-test-guest))");
        }
        Path guest = Path.of(dir);
        return Machine.builder().name(name).memoryMib(ramMib).accelerator(Accelerator.TCG)
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(DirectKernelBoot.kernel(guest.resolve("vmlinux").toString())
                        .withInitrd(guest.resolve("initramfs.cpio.gz").toString())
                        .withCmdline(Files.readString(guest.resolve("cmdline")).strip()))
                .build();
    }

    /** Reads the console until {@code marker} has been printed. */
    static void awaitLine(SerialConsole console, String marker) throws IOException {
        InputStream in = console.input();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] wanted = marker.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[4096];
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the guest's console closed before it printed " + marker + "; it printed: "
                        + seen.toString(StandardCharsets.UTF_8));
            }
            seen.write(buffer, 0, n);
            if (contains(seen.toByteArray(), wanted)) {
                return;
            }
        }
    }

    /** Sends one command to the guest's shell and waits for its answer: the guest is ready. */
    static void awaitAnswer(SerialConsole console, int token) throws IOException {
        OutputStream out = console.output();
        out.write(("b" + token + " echo answer-$((" + token + " + 1))\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        awaitLine(console, "answer-" + (token + 1));
    }

    /** Closes the console and kills the VM of one invocation, either of which may be absent. */
    static void kill(SerialConsole console, RunningVm vm) {
        if (console != null) {
            console.close();
        }
        if (vm != null) {
            vm.kill();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
