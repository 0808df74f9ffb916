package io.jqemu.launcher.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs, as the kernel says in {@code /proc/<pid>/stat}. Unlike
 * {@link ProcessHandle#isAlive()}, a process that has exited but is not yet reaped (a zombie: a QEMU
 * whose controlling JVM died is reaped by init, which may take seconds) counts as ended.
 */
public final class LiveProcesses {
    private LiveProcesses() {
    }

    /** Whether process {@code pid} exists and has not exited. */
    public static boolean running(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return false;
        }
        // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 >= stat.length()) {
            return false;
        }
        char state = stat.charAt(end + 2);
        return state != 'Z' && state != 'X' && state != 'x';
    }

    /** Whether the process of {@code handle} exists and has not exited. */
    public static boolean running(ProcessHandle handle) {
        return running(handle.pid());
    }
}
