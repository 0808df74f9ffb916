package io.jqemu.junit;

import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.RunningVm;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A VM the extension launched for a test: the {@link RunningVm}, its serial console as a
 * {@link ConsoleShell} and its private directory. Inject it with {@link Vm} where the test needs the
 * console; the extension closes it.
 */
public final class TestVm {
    private final RunningVm vm;
    private final Optional<ConsoleShell> console;
    private final Path dir;
    private final QmpEventLog events;

    TestVm(RunningVm vm, Optional<ConsoleShell> console, Path dir, QmpEventLog events) {
        this.vm = vm;
        this.console = console;
        this.dir = dir;
        this.events = events;
    }

    /** The running VM. */
    public RunningVm vm() {
        return vm;
    }

    /** The VM's unique name. */
    public String name() {
        return vm.name();
    }

    /**
     * The shell on the VM's first serial port, connected before the guest started.
     *
     * @throws LauncherException when the machine has no serial port on a unix socket
     */
    public ConsoleShell console() {
        return console.orElseThrow(() -> new LauncherException("VM " + vm.name()
                + " has no console: give the machine a serial port on a unix socket (CharBackend.UnixSocket)"));
    }

    /** The VM's private directory ({@code 0700}), removed when the VM is closed. */
    public Path dir() {
        return dir;
    }

    Optional<ConsoleShell> consoleIfAny() {
        return console;
    }

    QmpEventLog events() {
        return events;
    }
}
