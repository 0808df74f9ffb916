package io.jqemu.launcher.host.net;

import io.jqemu.core.model.MacvtapMode;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.internal.LibC;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Stands in for macvtap on a kernel without the module (this machine kind): "creating" a macvtap on
 * a parent makes a persistent tap that is a port of the parent (a bridge), and "opening" it
 * attaches a new queue to that tap through {@code /dev/net/tun}. What reaches QEMU is a real tap
 * descriptor, exactly as a macvtap's {@code /dev/tapN} would be; everything the launcher does with
 * it (getfd with SCM_RIGHTS, netdev_add, device_add before cont, undo) runs unchanged.
 */
final class TapBackedMacvtaps implements MacvtapLinks {
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;

    private final TapDevices taps = new TapDevices();
    private final LibC libc = LibC.INSTANCE;
    final List<String> created = new CopyOnWriteArrayList<>();
    final List<String> opened = new CopyOnWriteArrayList<>();
    final List<String> removed = new CopyOnWriteArrayList<>();
    volatile boolean failOpen;
    /** Hands out /dev/null instead of a tap queue: QEMU's netdev_add then refuses it. */
    volatile boolean notATap;

    @Override
    public Path createMacvtap(String fieldPath, String name, String parent, MacvtapMode mode, String mac) {
        taps.create(fieldPath, name);
        try {
            taps.attach(fieldPath, name, parent);
        } catch (HostException e) {
            taps.remove(name);
            throw e;
        }
        created.add(name);
        return Path.of("/dev/net/tun");
    }

    @Override
    public Optional<Path> characterDevice(String name) {
        return taps.exists(name) ? Optional.of(Path.of("/dev/net/tun")) : Optional.empty();
    }

    @Override
    public int openMacvtap(String fieldPath, String name) {
        if (failOpen) {
            throw new HostException(fieldPath + ": cannot open /dev/tap99 of macvtap " + name + ": Permission denied");
        }
        if (notATap) {
            opened.add(name);
            return libc.open("/dev/null", O_RDWR | O_CLOEXEC);
        }
        int fd = libc.open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            throw new HostException(fieldPath + ": cannot open /dev/net/tun");
        }
        Runtime runtime = Runtime.getRuntime(libc);
        Pointer ifr = Memory.allocateDirect(runtime, 40, true);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        ifr.put(0, bytes, 0, bytes.length);
        ifr.putShort(16, (short) (IFF_TAP | IFF_NO_PI));
        if (libc.ioctl(fd, TUNSETIFF, ifr) < 0) {
            int errno = LastError.getLastError(runtime);
            libc.close(fd);
            throw new HostException(fieldPath + ": attaching to tap " + name + " failed: " + libc.strerror(errno));
        }
        opened.add(name);
        return fd;
    }

    @Override
    public void remove(String name) {
        taps.remove(name);
        removed.add(name);
    }
}
