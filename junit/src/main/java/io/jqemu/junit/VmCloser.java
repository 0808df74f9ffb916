package io.jqemu.junit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends a test's VM on every path: console, QEMU (host changes undone), its files. */
final class VmCloser {
    private static final Logger LOG = LoggerFactory.getLogger(VmCloser.class);

    private VmCloser() {
    }

    /**
     * Closes {@code vm} and removes its private and state directories. Runs to the end even when the
     * calling thread was interrupted (a test's timeout): the interrupt is kept for the caller.
     */
    static void close(TestVm vm, JvmRun run) {
        boolean interrupted = Thread.interrupted();
        try {
            vm.consoleIfAny().ifPresent(ConsoleShell::close);
            try {
                vm.vm().close();
            } catch (RuntimeException e) {
                LOG.warn("VM {}: stopping it failed; killing it: {}", vm.name(), e.toString());
                vm.vm().kill();
            }
            PrivateFiles.deleteTree(vm.dir());
            PrivateFiles.deleteTree(vm.vm().stateDir());
        } catch (RuntimeException e) {
            LOG.error("VM {}: cleanup failed: {}", vm.name(), e.toString());
        } finally {
            run.closed(vm);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
