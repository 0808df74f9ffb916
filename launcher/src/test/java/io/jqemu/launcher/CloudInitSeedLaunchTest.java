package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.Violation;
import io.jqemu.core.model.CloudInit;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.host.HostException;
import io.jqemu.qmp.command.QueryNamedBlockNodes;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud-init seed without a guest: a seed file that does not exist fails the preflight and the
 * launch with its field before anything is written; a launched seed is a vvfat node over a private
 * directory that is gone once the VM has stopped.
 */
@RequiresQemu
class CloudInitSeedLaunchTest {
    @TempDir
    Path dir;

    @Test
    void aMissingSeedFileIsNamedAndNothingIsWritten() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Path gone = dir.resolve("user-data.yaml");
        Machine machine = TestMachines.empty("seedless").cloudInit(new CloudInit(
                Optional.of(new CloudInit.Content.HostFile(gone.toString())), Optional.empty(), Optional.empty())).build();

        assertThat(launcher.preflight(machine)).extracting(Violation::toString)
                .containsExactly("cloudInit.userDataFile: " + gone + " does not exist");
        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused())).isInstanceOf(HostException.class)
                .hasMessage("cloudInit.userDataFile: " + gone + " does not exist");
        assertThat(launcher.render(machine).paths().runtimeDir()).doesNotExist();
    }

    @Test
    void theSeedIsServedFromAPrivateDirectoryRemovedWhenTheVmStops() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Path userData = Files.writeString(dir.resolve("user-data.yaml"), "#cloud-config\n");
        Machine machine = TestMachines.empty("seeded").cloudInit(new CloudInit(
                Optional.of(new CloudInit.Content.HostFile(userData.toString())), Optional.empty(), Optional.empty())).build();
        Path seed = launcher.render(machine).paths().runtimeDir().resolve(CloudInit.DIRECTORY_NAME);

        try (RunningVm vm = launcher.launch(machine, LaunchOptions.startPaused())) {
            assertThat(seed.resolve("user-data")).hasContent("#cloud-config\n");
            assertThat(seed.resolve("meta-data")).hasContent("instance-id: \"seeded\"\nlocal-hostname: \"seeded\"\n");
            assertThat(seed.resolve("network-config")).doesNotExist();
            assertThat(vm.qmp().send(new QueryNamedBlockNodes())).anySatisfy(n -> {
                assertThat(n.nodeName()).isEqualTo("seed-cidata0");
                assertThat(n.driver()).isEqualTo("vvfat");
                assertThat(n.readOnly()).isTrue();
            });
        }
        assertThat(seed).doesNotExist();
    }
}
