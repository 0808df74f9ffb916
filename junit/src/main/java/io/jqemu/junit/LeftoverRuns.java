package io.jqemu.junit;

import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.VmLockedException;
import io.jqemu.launcher.VmNotRunningException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after test JVMs that died without cleaning up (killed, crashed): each test run lives
 * in its own directory under the root and holds a lock on its {@value #LOCK} file for its life, so
 * a run directory whose lock is free belongs to a dead JVM. Its VMs are found with the launcher's
 * re-attach (the VM's lock, journal and {@code vm.properties}): a QEMU still running is killed and
 * its host changes undone, one already gone has its journal undone; then the directory is removed.
 */
final class LeftoverRuns {
    /** The lock file of a run directory. */
    static final String LOCK = "run.lock";
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverRuns.class);

    /**
     * What was cleaned up after one VM of a dead run.
     *
     * @param run    the dead run's directory
     * @param vm     the VM's name
     * @param action what was done
     */
    record Cleaned(Path run, String vm, String action) {
    }

    private LeftoverRuns() {
    }

    /** Cleans up every dead run under {@code root} but {@code self}; returns what was done. */
    static List<Cleaned> reconcile(Path root, String qemuBinary, Path self) {
        List<Cleaned> cleaned = new ArrayList<>();
        List<Path> runs;
        try (Stream<Path> list = Files.list(root)) {
            // a hidden directory is a run being made (see JvmRun)
            runs = list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !p.equals(self)
                    && !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        for (Path run : runs) {
            try (FileChannel channel = FileChannel.open(run.resolve(LOCK), StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    continue; // a live test JVM's run
                }
                cleaned.addAll(reconcileRun(run, qemuBinary));
            } catch (OverlappingFileLockException e) {
                // this JVM holds it: a live run
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot clean up the test run left in {}: {}", run, e.toString());
            }
        }
        return cleaned;
    }

    private static List<Cleaned> reconcileRun(Path run, String qemuBinary) throws IOException {
        List<Cleaned> cleaned = new ArrayList<>();
        Path states = run.resolve(JvmRun.STATE);
        if (Files.isDirectory(states)) {
            Launcher launcher = Launcher.builder().stateRoot(states).runtimeRoot(run.resolve(JvmRun.RUNTIME))
                    .qemuBinary(qemuBinary).stopVmsOnJvmExit(false).controller("jqemu-junit cleanup").build();
            try (Stream<Path> list = Files.list(states)) {
                for (Path stateDir : list.toList()) {
                    String name = stateDir.getFileName().toString();
                    cleaned.add(new Cleaned(run, name, reconcileVm(launcher, stateDir)));
                }
            }
        }
        PrivateFiles.deleteTree(run);
        cleaned.forEach(c -> LOG.warn("cleaned up after a dead test run ({}): VM {}: {}", c.run(), c.vm(), c.action()));
        return cleaned;
    }

    private static String reconcileVm(Launcher launcher, Path stateDir) {
        try {
            RunningVm vm = launcher.reattach(stateDir);
            long pid = vm.pid();
            vm.kill();
            return "QEMU pid " + pid + " was still running: killed, host changes undone";
        } catch (VmNotRunningException e) {
            return "QEMU was gone; undid " + e.undone();
        } catch (VmLockedException e) {
            throw e; // a live controller holds it: leave the run directory alone
        } catch (RuntimeException e) {
            return "no VM to re-attach (" + e.getMessage() + ")";
        }
    }
}
