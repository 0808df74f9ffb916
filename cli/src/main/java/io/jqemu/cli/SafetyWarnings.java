package io.jqemu.cli;

import io.jqemu.cli.config.LoadedVm;
import io.jqemu.cli.config.SourceLocation;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One stderr line for each setting that weakens QEMU's isolation: {@code sandbox = false},
 * {@code unsafe_extra_args} and a console left open to the network on purpose
 * ({@code display.graphics.insecure}). {@code argv}, {@code check} and {@code run} print them.
 */
public final class SafetyWarnings {

    private static final String PREFIX = "jqemu: warning: ";

    private SafetyWarnings() {
    }

    /** The warnings for {@code vm}, each {@code jqemu: warning: file:line:column: field: what}. */
    public static List<String> of(LoadedVm vm) {
        Machine machine = vm.machine();
        List<String> warnings = new ArrayList<>();
        if (!machine.sandbox()) {
            warnings.add(line(vm, "sandbox", "false: QEMU runs without its seccomp sandbox, so a compromised "
                    + "QEMU may use every system call"));
        }
        if (!machine.unsafeExtraArgs().isEmpty()) {
            warnings.add(line(vm, "unsafe_extra_args", "passed to QEMU unchecked: "
                    + machine.unsafeExtraArgs().stream().map(ShellQuote::quote).collect(Collectors.joining(" "))));
        }
        if (machine.display().graphics() instanceof Graphics.Remote console && console.security().insecure()
                && console.auth() == ConsoleAuth.NONE) {
            warnings.add(line(vm, "display.graphics.insecure", "true: the " + console.protocol()
                    + " console has no password; whoever reaches its address gets the guest's screen and keyboard"));
        }
        return warnings;
    }

    /** Prints the warnings for {@code vm} on {@code err}. */
    public static void print(LoadedVm vm, PrintWriter err) {
        if (LogFormat.current() == LogFormat.JSON) {
            of(vm).forEach(line -> Stderr.warn(err, line.substring(PREFIX.length())));
            return;
        }
        of(vm).forEach(err::println);
        err.flush();
    }

    private static String line(LoadedVm vm, String field, String what) {
        return PREFIX + vm.positions().of(field).map(SourceLocation::toString).map(at -> at + ": ")
                .orElse("") + field + ": " + what;
    }
}
