package io.jqemu.launcher.vm;

import io.jqemu.launcher.host.internal.ProcessCalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Starts a child process with posix_spawn(3): stdin from {@code /dev/null}, stdout and stderr
 * appended to a log file, every other descriptor closed, an empty signal mask, this JVM's
 * environment. Unlike {@link ProcessBuilder}, the JDK keeps no "process reaper" thread per child;
 * {@link ProcessWatcher} reaps it.
 */
final class ChildSpawner {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0x40;
    private static final int O_APPEND = 0x400;
    private static final int OWNER_READ_WRITE = 0600;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Larger than glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) and sigset_t (128). */
    private static final int OPAQUE_BYTES = 512;

    private ChildSpawner() {
    }

    /**
     * Spawns {@code command} (its first element an absolute path, not searched on PATH).
     *
     * @param command the argv, binary first
     * @param log the file stdout and stderr are appended to (created private to the owner if missing)
     * @return the child's pid
     * @throws IllegalStateException with the error text when the child cannot be started
     */
    static long spawn(List<String> command, Path log) {
        ProcessCalls libc = ProcessCalls.INSTANCE;
        Runtime runtime = Runtime.getRuntime(libc);
        List<Pointer> keep = new ArrayList<>();
        Pointer actions = Memory.allocateDirect(runtime, OPAQUE_BYTES, true);
        Pointer attributes = Memory.allocateDirect(runtime, OPAQUE_BYTES, true);
        Pointer signals = Memory.allocateDirect(runtime, OPAQUE_BYTES, true);
        check(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        check(libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
        try {
            check(libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0), "open /dev/null");
            check(libc.posix_spawn_file_actions_addopen(actions, 1, log.toString(),
                    O_WRONLY | O_APPEND | O_CREAT, OWNER_READ_WRITE), "open " + log);
            check(libc.posix_spawn_file_actions_adddup2(actions, 1, 2), "dup2");
            check(libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
            check(libc.sigemptyset(signals), "sigemptyset");
            check(libc.posix_spawnattr_setsigmask(attributes, signals), "posix_spawnattr_setsigmask");
            check(libc.posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSIGMASK), "posix_spawnattr_setflags");
            List<String> environment = new ArrayList<>();
            for (Map.Entry<String, String> e : System.getenv().entrySet()) {
                environment.add(e.getKey() + "=" + e.getValue());
            }
            Pointer pid = Memory.allocateDirect(runtime, Integer.BYTES, true);
            int error = libc.posix_spawn(pid, command.getFirst(), actions, attributes,
                    strings(runtime, command, keep), strings(runtime, environment, keep));
            if (error != 0) {
                throw new IllegalStateException(libc.strerror(error));
            }
            return pid.getInt(0);
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            libc.posix_spawnattr_destroy(attributes);
        }
    }

    private static void check(int result, String what) {
        if (result != 0) {
            throw new IllegalStateException(what + ": " + ProcessCalls.INSTANCE.strerror(result));
        }
    }

    /** A NULL-terminated {@code char *[]}; the strings' memory is added to {@code keep} (freed once unreachable). */
    private static Pointer strings(Runtime runtime, List<String> values, List<Pointer> keep) {
        int slot = runtime.addressSize();
        Pointer array = Memory.allocateDirect(runtime, (long) (values.size() + 1) * slot, true);
        for (int i = 0; i < values.size(); i++) {
            byte[] bytes = values.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer string = Memory.allocateDirect(runtime, bytes.length + 1, true);
            string.put(0, bytes, 0, bytes.length);
            keep.add(string);
            array.putPointer((long) i * slot, string);
        }
        keep.add(array);
        return array;
    }
}
