package io.jqemu.launcher.host;

import io.jqemu.core.model.HostCpuSet;
import io.jqemu.launcher.host.internal.LibC;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** A host thread's CPU affinity through {@code sched_setaffinity(2)} and {@code sched_getaffinity(2)}. */
public final class ThreadAffinity {
    /** errno for a thread that no longer exists. */
    public static final int ESRCH = 3;
    /** Room for CPUs 0 to {@link HostCpuSet#MAX_CPU}. */
    private static final int MASK_BYTES = (HostCpuSet.MAX_CPU + 1) / 8;

    private final LibC libc;
    private final Runtime runtime;

    private ThreadAffinity(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    /** The host's C library. */
    public static ThreadAffinity system() {
        return new ThreadAffinity(LibC.INSTANCE);
    }

    /**
     * Lets thread {@code threadId} run only on {@code cpus}.
     *
     * @return 0 on success, else the errno ({@link #ESRCH} when the thread has ended)
     */
    public int set(long threadId, HostCpuSet cpus) {
        Pointer mask = Memory.allocateDirect(runtime, MASK_BYTES, true);
        for (int cpu : cpus.cpus()) {
            int index = cpu / 8;
            mask.putByte(index, (byte) (mask.getByte(index) | (1 << (cpu % 8))));
        }
        return libc.sched_setaffinity((int) threadId, MASK_BYTES, mask) == 0 ? 0 : LastError.getLastError(runtime);
    }

    /**
     * The CPUs thread {@code threadId} may run on.
     *
     * @throws HostException when the kernel refuses (the thread has ended, or is not ours to read)
     */
    public HostCpuSet get(long threadId) {
        Pointer mask = Memory.allocateDirect(runtime, MASK_BYTES, true);
        if (libc.sched_getaffinity((int) threadId, MASK_BYTES, mask) < 0) {
            throw new HostException("cannot read the CPU affinity of thread " + threadId + ": " + describe(
                    LastError.getLastError(runtime)));
        }
        List<Integer> cpus = new ArrayList<>();
        for (int cpu = 0; cpu <= HostCpuSet.MAX_CPU; cpu++) {
            if ((mask.getByte(cpu / 8) & (1 << (cpu % 8))) != 0) {
                cpus.add(cpu);
            }
        }
        return new HostCpuSet(cpus);
    }

    /** The C library's text for {@code errno}. */
    public String describe(int errno) {
        return libc.strerror(errno);
    }
}
