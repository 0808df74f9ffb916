package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.MacvtapMode;
import io.jqemu.launcher.host.internal.LibC;
import io.jqemu.launcher.host.net.MacvtapLinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descriptors for a macvtap NIC: both open together or neither stays open. */
class TapDescriptorsTest {
    @TempDir
    Path root;

    private volatile int lastOpened = -1;

    /** Opens /dev/null as the "macvtap queue". */
    private final MacvtapLinks devNull = new MacvtapLinks() {
        @Override
        public Path createMacvtap(String fieldPath, String name, String parent, MacvtapMode mode, String mac) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Path> characterDevice(String name) {
            return Optional.of(Path.of("/dev/null"));
        }

        @Override
        public int openMacvtap(String fieldPath, String name) {
            lastOpened = LibC.INSTANCE.open("/dev/null", 2);
            return lastOpened;
        }

        @Override
        public void remove(String name) {
        }
    };

    @Test
    void withVhostBothDescriptorsAreOpenAndClosedTogether() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("dev/vhost-net"), "");
        TapDescriptors descriptors = new TapDescriptors(HostRoot.at(root, (path, value) -> { }), () -> devNull);
        TapDescriptors.Opened fds = descriptors.openMacvtap("nics[0].backend", "jqm0", true);
        assertThat(fds.vhostFd()).isPresent();
        assertThat(target(fds.tapFd())).contains(Path.of("/dev/null"));
        assertThat(target(fds.vhostFd().getAsInt())).contains(root.resolve("dev/vhost-net"));
        fds.close();
        assertThat(target(fds.tapFd())).isNotEqualTo(Optional.of(Path.of("/dev/null")));
        assertThat(target(fds.vhostFd().getAsInt())).isNotEqualTo(Optional.of(root.resolve("dev/vhost-net")));
    }

    @Test
    void withoutVhostNetTheTapDescriptorIsClosedAndTheFieldNamed() throws IOException {
        TapDescriptors descriptors = new TapDescriptors(HostRoot.at(root, (path, value) -> { }), () -> devNull);
        assertThatThrownBy(() -> descriptors.openMacvtap("nics[3].backend", "jqm0", true))
                .isInstanceOf(HostException.class)
                .hasMessageStartingWith("nics[3].backend.vhost: cannot open /dev/vhost-net: No such file or directory");
        assertThat(lastOpened).isNotNegative();
        assertThat(target(lastOpened)).as("the tap descriptor is closed again").isNotEqualTo(Optional.of(Path.of("/dev/null")));
        try (TapDescriptors.Opened fds = descriptors.openMacvtap("nics[3].backend", "jqm0", false)) {
            assertThat(fds.vhostFd()).isEmpty();
            assertThat(target(fds.tapFd())).contains(Path.of("/dev/null"));
        }
    }

    /** What descriptor {@code fd} of this process refers to, empty when it is closed. */
    private static Optional<Path> target(int fd) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)));
        } catch (IOException closed) {
            return Optional.empty();
        }
    }
}
