package io.jqemu.launcher;

import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.HostCpuSet;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.host.ThreadAffinity;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.CpuInfo;
import io.jqemu.qmp.command.IothreadInfo;
import io.jqemu.qmp.command.QueryCpusFast;
import io.jqemu.qmp.command.QueryIothreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a machine's {@link CpuPinning} to its running QEMU: vCPU thread ids from
 * {@code query-cpus-fast}, iothread thread ids from {@code query-iothreads}, and as emulator threads
 * every other thread of the QEMU process ({@code /proc/<pid>/task}, the main thread included); threads
 * QEMU starts later inherit the affinity of the thread that starts them.
 */
final class ThreadPinner {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadPinner.class);

    private final ThreadAffinity affinity;

    ThreadPinner(ThreadAffinity affinity) {
        this.affinity = affinity;
    }

    /**
     * Pins the threads of the QEMU with process id {@code pid} that runs {@code machine}.
     *
     * @throws LauncherException naming the pinning field when a thread cannot be pinned
     */
    ThreadPinning pin(Machine machine, long pid, QmpClient qmp) {
        CpuPinning pinning = machine.cpuPinning();
        if (pinning.isEmpty()) {
            return ThreadPinning.NONE;
        }
        List<ThreadPinning.PinnedThread> pinned = new ArrayList<>();
        Set<Long> vcpuThreads = new HashSet<>();
        List<CpuInfo> cpus = qmp.send(new QueryCpusFast()).stream()
                .sorted(Comparator.comparingInt(CpuInfo::cpuIndex)).toList();
        cpus.forEach(c -> vcpuThreads.add(c.threadId()));
        for (int i = 0; i < pinning.vcpus().size() && i < cpus.size(); i++) {
            pinned.add(pin(machine.name(), "cpu.pinning.vcpus[" + i + "]", ThreadPinning.Role.VCPU, "vcpu" + i,
                    cpus.get(i).threadId(), pinning.vcpus().get(i)));
        }
        Set<Long> pinnedIothreads = new HashSet<>();
        if (!pinning.iothreads().isEmpty()) {
            Map<String, Long> iothreads = new HashMap<>();
            for (IothreadInfo t : qmp.send(new QueryIothreads())) {
                iothreads.put(t.id(), t.threadId());
            }
            for (String name : pinning.iothreads().keySet().stream().sorted().toList()) {
                String field = "cpu.pinning.iothreads." + name;
                Long thread = iothreads.get(name);
                if (thread == null) {
                    throw new LauncherException("VM " + machine.name() + ": " + field + ": QEMU has no iothread " + name);
                }
                pinned.add(pin(machine.name(), field, ThreadPinning.Role.IOTHREAD, name, thread,
                        pinning.iothreads().get(name)));
                pinnedIothreads.add(thread);
            }
        }
        if (pinning.emulator().isPresent()) {
            HostCpuSet set = HostCpuSet.parse(pinning.emulator().get());
            for (long thread : tasks(pid)) {
                if (vcpuThreads.contains(thread) || pinnedIothreads.contains(thread)) {
                    continue;
                }
                int errno = affinity.set(thread, set);
                if (errno == ThreadAffinity.ESRCH) {
                    continue;
                }
                if (errno != 0) {
                    throw failure(machine.name(), "cpu.pinning.emulator", "emulator thread", thread, set, errno);
                }
                pinned.add(new ThreadPinning.PinnedThread(ThreadPinning.Role.EMULATOR, comm(pid, thread), thread, set));
            }
        }
        LOG.info("VM {}: pinned {} QEMU threads", machine.name(), pinned.size());
        return new ThreadPinning(pinned);
    }

    private ThreadPinning.PinnedThread pin(String vm, String field, ThreadPinning.Role role, String name, long thread,
                                           String cpus) {
        HostCpuSet set = HostCpuSet.parse(cpus);
        int errno = affinity.set(thread, set);
        if (errno != 0) {
            throw failure(vm, field, name, thread, set, errno);
        }
        return new ThreadPinning.PinnedThread(role, name, thread, set);
    }

    private LauncherException failure(String vm, String field, String what, long thread, HostCpuSet set, int errno) {
        return new LauncherException("VM " + vm + ": " + field + ": cannot pin " + what + " (thread " + thread
                + ") to host CPUs " + set + ": " + affinity.describe(errno));
    }

    /** The thread ids of process {@code pid}, the main thread first. */
    private static List<Long> tasks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(p -> Long.parseLong(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new LauncherException("cannot list the threads of QEMU (pid " + pid + "): " + e.getMessage(), e);
        }
    }

    private static String comm(long pid, long thread) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(thread), "comm")).strip();
        } catch (IOException e) {
            return "thread " + thread;
        }
    }
}
