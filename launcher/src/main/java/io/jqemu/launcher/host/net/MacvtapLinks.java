package io.jqemu.launcher.host.net;

import io.jqemu.core.model.MacvtapMode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Macvtap interfaces: made on a parent link, opened through their character device for QEMU,
 * removed again. {@link LinkDevices} does it over rtnetlink; tests on hosts without the macvtap
 * module stand in with another kind of tap. Works in the network namespace of the calling thread.
 */
public interface MacvtapLinks {
    /**
     * Creates a macvtap on {@code parent} with the guest's MAC and brings it up; all or nothing.
     *
     * @param fieldPath the configuration field, named in errors
     * @return its character device ({@code /dev/tap<ifindex>})
     * @throws io.jqemu.launcher.host.HostException when it cannot be made
     */
    Path createMacvtap(String fieldPath, String name, String parent, MacvtapMode mode, String mac);

    /** The character device of the macvtap {@code name}, empty when no such interface exists. */
    Optional<Path> characterDevice(String name);

    /**
     * Opens one queue of the macvtap for QEMU (read-write, close-on-exec).
     *
     * @param fieldPath the configuration field, named in errors
     * @return the descriptor; the caller closes it
     * @throws io.jqemu.launcher.host.HostException when it cannot be opened
     */
    int openMacvtap(String fieldPath, String name);

    /** Deletes the interface; nothing happens when it does not exist. */
    void remove(String name);
}
