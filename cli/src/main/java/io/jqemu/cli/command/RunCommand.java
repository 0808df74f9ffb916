package io.jqemu.cli.command;

import io.jqemu.cli.ArgvLines;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.LogbackSetup;
import io.jqemu.cli.Messages;
import io.jqemu.cli.SafetyWarnings;
import io.jqemu.cli.Stderr;
import io.jqemu.cli.VmFileOptions;
import io.jqemu.cli.check.Finding;
import io.jqemu.cli.check.HostCheck;
import io.jqemu.cli.config.LoadedVm;
import io.jqemu.cli.systemd.SystemdNotifier;
import io.jqemu.cli.vm.ConsoleRelay;
import io.jqemu.cli.vm.ControlServer;
import io.jqemu.cli.vm.Interrupts;
import io.jqemu.cli.vm.ManagedVm;
import io.jqemu.cli.vm.VmOperations;
import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.GuestPausedException;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.ShutdownCause;
import io.jqemu.launcher.VmLockedException;
import io.jqemu.launcher.VmNotRunningException;
import io.jqemu.launcher.VmState;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.launcher.vm.ConsoleAccess;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.qmp.QmpEvent;
import io.jqemu.qmp.QmpException;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code jqemu run vm.toml}: validate, prepare the host, launch, and stay in the foreground. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the VM and stay in the foreground, printing its progress and QMP events "
                + "(and its serial console with --console).",
                "Ctrl-C or SIGTERM shuts it down gracefully: ACPI power button (pressed again once), then quit, "
                + "SIGTERM and SIGKILL, each after its timeout. A second Ctrl-C stops QEMU at once. "
                + "Host changes (taps, vfio bindings, sockets) are undone on every path.",
                "A remote console (VNC/SPICE) gets a new password at each start; run prints it with the console's "
                + "address on stderr.",
                "If the VM is already running under the state root (a previous run was killed), run re-attaches "
                + "to it. While run is in the foreground, jqemu stop/qmp/balloon/attach/detach go through it.",
                "",
                "QEMU runs in its own session: a Ctrl-C or a signal to run's process group reaches run, never QEMU.",
                "Under a supervisor that sets $NOTIFY_SOCKET (systemd's Type=notify, as in jqemu unit), run sends "
                + "READY=1 once the guest runs, a STATUS= line on every state change and STOPPING=1 when the "
                + "shutdown starts.",
                "",
                "Exit codes: 0 the guest powered off (or jqemu save-state stopped it); 3 invalid vm.toml; 5 could not start (host changes undone); "
                + "6 QEMU or the guest crashed; 7 stopped by force (quit, SIGTERM or SIGKILL, by jqemu or from "
                + "outside)."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = {"-c", "--console"},
            description = "Show the guest's serial console (the first serial port on a unix socket) and "
                    + "send standard input to it.")
    boolean console;

    @Option(names = "--paused", description = "Leave the guest paused after start (resume: jqemu qmp NAME cont).")
    boolean paused;

    @Option(names = "--restore", paramLabel = "FILE",
            description = "Continue the guest from a state jqemu save-state wrote (instead of booting); the machine "
                    + "and its disks must be those saved.")
    Path restore;

    @Option(names = "--dry-run",
            description = "Validate, check the host and print the QEMU command line; start nothing, change nothing.")
    boolean dryRun;

    @Mixin
    VmFileOptions vmFile;

    private final AtomicBoolean forced = new AtomicBoolean();

    /** Made when the command runs: logging is set up (text or JSON) only then, after the options are read. */
    private SystemdNotifier notifier;

    @Override
    public Integer call() {
        notifier = SystemdNotifier.fromEnvironment(System.getenv());
        LoadedVm loaded = vmFile.load();
        PrintWriter err = spec.commandLine().getErr();
        SafetyWarnings.print(loaded, err);
        Machine machine = loaded.machine();
        MDC.put(LogbackSetup.VM_KEY, machine.name());
        if (dryRun) {
            return dryRun(loaded);
        }
        Launcher launcher = global.launcherBuilder().controller("jqemu run " + vmFile.file().toAbsolutePath()).build();
        RunningVm vm = start(launcher, machine, err);
        ManagedVm.rememberSource(vm.stateDir(), vmFile.file());
        announceConsole(err, vm, machine);
        vm.addStateListener((v, from, to) -> progress(err, v.name() + ": " + lower(from) + " -> " + lower(to),
                "state", lower(to).replace('_', '-')));
        vm.addStateListener((v, from, to) -> notifyState(v, to));
        vm.onEvent(e -> true, e -> onEvent(err, vm, machine, e));
        Path controlSocket = VmPaths.load(vm.stateDir()).socket("control");
        try (ControlServer control = ControlServer.start(controlSocket, new VmOperations(vm));
             Interrupts interrupts = Interrupts.install(n -> interrupted(err, vm, n));
             ConsoleRelay relay = console ? ConsoleRelay.open(vm, spec.commandLine().getOut()) : ConsoleRelay.none()) {
            if (vm.state() == VmState.PAUSED && !paused) {
                vm.resume();
            }
            progress(err, vm.name() + ": " + (vm.state() == VmState.PAUSED
                    ? "paused (jqemu qmp " + vm.name() + " cont resumes it)"
                    : "running") + "; QEMU pid " + vm.pid() + "; Ctrl-C powers the guest off, twice stops it at once");
            notifier.ready(vm.name() + ": " + lower(vm.state()) + "; QEMU pid " + vm.pid());
            VmState end = vm.terminated().join();
            relay.drain();
            ExitCode code = exitCode(err, vm, end);
            notifier.status(vm.name() + ": ended, exit code " + code.code() + " (" + code.meaning() + ")");
            return code.code();
        }
    }

    private RunningVm start(Launcher launcher, Machine machine, PrintWriter err) {
        VmPaths paths = global.layout().forVm(machine.name());
        if (VmRecord.readFrom(paths.stateDir()).isPresent()) {
            if (restore != null && new ManagedVm(machine.name(), paths.stateDir(),
                    VmRecord.readFrom(paths.stateDir())).qemuAlive()) {
                throw new CommandFailedException(ExitCode.START_FAILED, machine.name() + " is running; --restore starts "
                        + "a stopped VM only (nothing was changed)");
            }
            try {
                RunningVm vm = launcher.reattach(paths.stateDir(), machine);
                progress(err, machine.name() + ": already running (QEMU pid " + vm.pid() + "); re-attached");
                return vm;
            } catch (VmNotRunningException e) {
                progress(err, machine.name() + ": a previous run left host state; undone");
            } catch (VmLockedException e) {
                throw new CommandFailedException(ExitCode.START_FAILED, e.getMessage() + " (nothing was changed)", e);
            } catch (LauncherException | QmpException e) {
                throw new CommandFailedException(ExitCode.START_FAILED, machine.name()
                        + " seems to be running already, but cannot be re-attached: " + Messages.of(e), e);
            }
        }
        progress(err, machine.name() + ": starting (" + lower(machine.accelerator()) + " accelerator, "
                + machine.memoryMib() + " MiB, " + machine.cpu().vcpus() + " vCPU)");
        try {
            boolean startPaused = paused || console;
            LaunchOptions options = startPaused ? LaunchOptions.startPaused() : LaunchOptions.running();
            if (restore != null) {
                progress(err, machine.name() + ": restoring the state saved in " + restore.toAbsolutePath());
                options = options.restoring(restore.toAbsolutePath());
            }
            return launcher.launch(machine, options);
        } catch (InvalidMachineException e) {
            throw e;
        } catch (VmLockedException e) {
            throw new CommandFailedException(ExitCode.START_FAILED, e.getMessage() + " (nothing was changed)", e);
        } catch (HostException | LauncherException | QmpException e) {
            throw new CommandFailedException(ExitCode.START_FAILED, machine.name() + ": could not start: "
                    + Messages.of(e) + " (host changes undone)", e);
        }
    }

    /**
     * Tells the owner (on stderr, never in a log) where the remote console is and its password; a password
     * from the machine's own file or variable is not repeated, only where it came from.
     */
    private static void announceConsole(PrintWriter err, RunningVm vm, Machine machine) {
        vm.remoteConsole().ifPresent(console -> {
            String where = vm.name() + ": " + console.protocol() + " console " + console.address();
            Optional<String> given = machine.display().graphics() instanceof Graphics.Remote remote
                    ? switch (remote.security().password()) {
                        case ConsolePassword.Generated g -> Optional.empty();
                        case ConsolePassword.FromFile f -> Optional.of("from " + f.path());
                        case ConsolePassword.FromEnvironment e -> Optional.of("from $" + e.variable());
                    }
                    : Optional.empty();
            if (vm.consolePassword().isPresent() && given.isPresent()) {
                progress(err, where + ", password " + given.get());
            } else if (vm.consolePassword().isPresent()) {
                progress(err, where + ", password " + vm.consolePassword().get() + " (made for this start; also in "
                        + vm.stateDir().resolve(ConsoleAccess.PASSWORD_FILE) + ", readable only by you)");
            } else if (console.socket().isPresent()) {
                progress(err, where + ", no password (auth = \"none\"): whoever can open the socket has the screen"
                        + " and keyboard");
            } else {
                progress(err, where + ", NO PASSWORD (auth = \"none\"): every user who can reach it has the guest's"
                        + " screen and keyboard");
            }
        });
    }

    /** systemd's view of the VM: a status line per state, STOPPING=1 once the shutdown starts. */
    private void notifyState(RunningVm vm, VmState to) {
        String status = vm.name() + ": " + lower(to).replace('_', ' ');
        if (to == VmState.SHUTTING_DOWN) {
            notifier.stopping(status);
        } else {
            notifier.status(status);
        }
    }

    private void interrupted(PrintWriter err, RunningVm vm, int count) {
        if (count == 1) {
            notifier.stopping(vm.name() + ": shutting down (ACPI power button)");
            progress(err, vm.name() + ": shutting down (ACPI power button); Ctrl-C again to stop at once");
            CompletableFuture.runAsync(() -> {
                try {
                    vm.shutdown();
                } catch (GuestPausedException e) {
                    progress(err, vm.name() + ": the guest is paused and cannot act on the power button; quitting QEMU");
                    forced.set(true);
                    vm.stop();
                } catch (RuntimeException e) {
                    progress(err, vm.name() + ": shutdown: " + Messages.of(e));
                }
            });
        } else {
            progress(err, vm.name() + ": stopping QEMU at once");
            forced.set(true);
            CompletableFuture.runAsync(() -> {
                try {
                    vm.kill();
                } catch (RuntimeException e) {
                    progress(err, vm.name() + ": kill: " + Messages.of(e));
                }
            });
        }
    }

    private void onEvent(PrintWriter err, RunningVm vm, Machine machine, QmpEvent event) {
        progress(err, vm.name() + ": event " + event.name() + (event.data().isEmpty() ? "" : " " + event.data()),
                "event", event.name());
        if ("SHUTDOWN".equals(event.name()) && ShutdownCause.of(event).isGuestPowerOff()) {
            if (machine.noShutdown()) {
                CompletableFuture.runAsync(vm::stop);
            }
        }
    }

    /**
     * How the VM ended, from QEMU's own SHUTDOWN reason and exit status: QEMU exits 0 also when it
     * was signalled or told to quit, so only the reason {@code guest-shutdown} is a power-off.
     */
    private ExitCode exitCode(PrintWriter err, RunningVm vm, VmState end) {
        String status = vm.exitStatus().map(Object::toString).orElse("exit status unknown");
        Optional<ShutdownCause> cause = vm.shutdownCause();
        String reason = cause.map(c -> "SHUTDOWN reason " + c + ", ").orElse("");
        if (cause.filter(ShutdownCause::isGuestPowerOff).isPresent() && !forced.get()) {
            progress(err, vm.name() + ": the guest powered off (" + reason + status + ")");
            return ExitCode.OK;
        }
        if (vm.savedAndStopped().isPresent() && end == VmState.STOPPED && !forced.get()) {
            progress(err, vm.name() + ": state saved to " + vm.savedAndStopped().get().file() + ", QEMU stopped; "
                    + "run --restore with that file continues the guest");
            return ExitCode.OK;
        }
        boolean killed = vm.exitStatus().filter(s -> s.signal().isPresent() && !s.isFault()).isPresent();
        if (end == VmState.CRASHED && !killed) {
            progress(err, vm.name() + ": QEMU ended unexpectedly (" + reason + status + "); see " + vm.logFile());
            return ExitCode.CRASHED;
        }
        progress(err, vm.name() + ": stopped by force (" + reason + status + ")");
        return ExitCode.FORCED;
    }

    private int dryRun(LoadedVm loaded) {
        Machine machine = loaded.machine();
        PrintWriter out = spec.commandLine().getOut();
        HostCheck check = new HostCheck(HostRoot.system(), global.layout());
        Launcher launcher = global.launcherBuilder().stopVmsOnJvmExit(false).build();
        List<Finding> findings = check.check(machine, launcher);
        out.print(ArgvLines.pasteable(launcher.render(machine).argv()));
        findings.stream().filter(f -> f.status() != Finding.Status.OK)
                .forEach(f -> out.println("# " + f.status().name().toLowerCase(Locale.ROOT) + " "
                        + CheckCommand.located(loaded, f)
                        + ": " + f.detail().replace("\n", "\n#   ")));
        boolean ok = findings.stream().noneMatch(f -> f.status() == Finding.Status.FAIL);
        out.println(ok ? "# dry run: the host can start " + machine.name() + "; nothing was started"
                : "# dry run: " + machine.name() + " would not start (jqemu check explains); nothing was started");
        out.flush();
        return ok ? ExitCode.OK.code() : ExitCode.HOST_NOT_READY.code();
    }

    private static void progress(PrintWriter err, String line, Object... keyValues) {
        Stderr.info(err, line, keyValues);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
