package io.jqemu.launcher.vm;

import java.util.ArrayList;
import java.util.List;

/** The QEMU binary and a minimal command line for tests that need a process but no guest. */
final class TestQemu {
    static final String BINARY = System.getenv().getOrDefault("JQEMU_QEMU", "qemu-system-x86_64");

    private TestQemu() {
    }

    /** A paused q35 with no devices and no monitor. */
    static List<String> pausedArgv(String... extra) {
        List<String> argv = new ArrayList<>(List.of(BINARY, "-S", "-nodefaults", "-no-user-config",
                "-display", "none", "-machine", "q35", "-accel", "tcg", "-m", "64"));
        argv.addAll(List.of(extra));
        return argv;
    }
}
