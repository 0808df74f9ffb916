package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.need.NeedHandlers;
import io.jqemu.launcher.host.net.LinkDevices;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.testsupport.NetworkNamespace;
import io.jqemu.testsupport.RequiresRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interface that appears under the tap's name after the checks passed is never deleted by the
 * undo: the failed creation is journaled as never made.
 */
@RequiresRoot
class CreationRaceTest {
    @TempDir
    Path dir;

    @Test
    void interfaceThatAppearedAfterTheChecksSurvivesTheUndo() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.ip("link", "add", "br0", "type", "bridge");
            ns.ip("link", "add", "jq-race", "type", "bridge"); // someone else's, created "after the checks"
            VmPaths paths = new HostLayout(dir.resolve("state"), dir.resolve("run")).forVm("vm");
            paths.createStateDir();
            UndoJournal journal = paths.journal();
            NeedHandlers handlers = new NeedHandlers(HostRoot.system(), TapDevices::new, LinkDevices::new);

            assertThatThrownBy(() -> ns.inside(() -> new HostChangeMaker(handlers)
                    .make(paths, List.of(new HostResource.TapToCreate("jq-race", "br0", false, "nics[0].backend")),
                            journal)))
                    .isInstanceOf(HostException.class)
                    .hasMessageStartingWith("nics[0].backend: creating tap jq-race failed: ");
            ns.inside(() -> {
                PreparedHost.undoAll(journal, handlers);
                return null;
            });

            assertThat(ns.hasLink("jq-race")).as("the other interface is untouched").isTrue();
            assertThat(journal.file()).doesNotExist();
        }
    }
}
