package io.jqemu.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.launcher.host.HostLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedVmListTest {
    @TempDir
    Path root;

    @Test
    void hotPluggedDevicesStateDirectoriesAreNotListedAsVms() throws Exception {
        Path state = Files.createDirectory(root.resolve("state"));
        Files.createDirectory(state.resolve("web"));
        Files.createDirectory(state.resolve("web.net1"));
        Files.writeString(state.resolve("web.net1").resolve("host-changes.journal"), "");
        Files.createDirectory(state.resolve("db.2"));
        Files.createDirectory(state.resolve("db.2.disk3"));
        Files.createDirectory(state.resolve("lone.vm"));
        HostLayout layout = new HostLayout(state, root.resolve("run"));

        assertThat(ManagedVm.list(layout)).extracting(ManagedVm::name).containsExactly("db.2", "lone.vm", "web");
    }
}
