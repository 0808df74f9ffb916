package io.jqemu.launcher.host;

import io.jqemu.launcher.host.internal.DeviceFiles;
import io.jqemu.launcher.host.internal.LibC;
import io.jqemu.launcher.host.net.MacvtapLinks;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Opens what QEMU needs for a macvtap NIC, to be handed over QMP ({@code getfd}): a queue of the
 * macvtap's {@code /dev/tap<ifindex>} and, with vhost, a {@code /dev/vhost-net} descriptor. QEMU
 * gets its own copies with SCM_RIGHTS, so the launcher closes these right after.
 */
public final class TapDescriptors {
    private final HostRoot host;
    private final Supplier<? extends MacvtapLinks> links;

    TapDescriptors(HostRoot host, Supplier<? extends MacvtapLinks> links) {
        this.host = Objects.requireNonNull(host, "host");
        this.links = Objects.requireNonNull(links, "links");
    }

    /**
     * Opens the macvtap's queue and, when {@code vhost}, {@code /dev/vhost-net}; nothing stays open
     * when either fails.
     *
     * @param fieldPath the NIC's backend field, named in errors ({@code nics[2].backend})
     * @param macvtap   the macvtap interface
     * @throws HostException when a descriptor cannot be opened
     */
    public Opened openMacvtap(String fieldPath, String macvtap, boolean vhost) {
        int tap = links.get().openMacvtap(fieldPath, macvtap);
        if (!vhost) {
            return new Opened(tap, OptionalInt.empty());
        }
        String path = host.path("/dev/vhost-net").toString();
        int vhostFd = DeviceFiles.openReadWrite(path);
        if (vhostFd < 0) {
            String error = DeviceFiles.lastError();
            LibC.INSTANCE.close(tap);
            throw new HostException(fieldPath + ".vhost: cannot open /dev/vhost-net: " + error
                    + " (load the vhost_net module, or set vhost = off)");
        }
        return new Opened(tap, OptionalInt.of(vhostFd));
    }

    /**
     * The open descriptors of one macvtap NIC; closing closes both.
     *
     * @param tapFd   the macvtap queue
     * @param vhostFd the vhost-net descriptor, when vhost is on
     */
    public record Opened(int tapFd, OptionalInt vhostFd) implements AutoCloseable {
        @Override
        public void close() {
            LibC.INSTANCE.close(tapFd);
            vhostFd.ifPresent(LibC.INSTANCE::close);
        }
    }
}
