package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import io.jqemu.testsupport.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ownership rules for the directories VMs live in: a root another user owns or others can
 * write to is refused, so is a VM directory that is a symbolic link or another user's; the
 * refusal names the field, the path, the owner and the mode, and comes before QEMU starts. The
 * test runs as root and plays the other user with uid 65534.
 */
@RequiresQemu
@RequiresRoot
class DirectoryOwnershipTest {
    private static final int OTHER_UID = 65534;

    @TempDir
    Path dir;

    @Test
    void runtimeRootOfAnotherUserIsRefused() throws Exception {
        Path root = Files.createDirectory(dir.resolve("run"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(root, "unix:uid", OTHER_UID);

        assertThatThrownBy(() -> launcher().launch(TestMachines.empty("vm").build(), LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("runtimeRoot: " + root + " is owned by uid " + OTHER_UID)
                .hasMessageContaining("mode 0777");
        assertThat(contents(root)).as("nothing created in the other user's directory").isEmpty();
        assertThat(qemuFor(root)).isFalse();
        assertThat(launcher().preflight(TestMachines.empty("vm").build())).map(Object::toString)
                .anyMatch(f -> f.startsWith("runtimeRoot: " + root + " is owned by uid " + OTHER_UID));
    }

    @Test
    void runtimeRootWritableByOthersIsRefused() throws Exception {
        Path root = Files.createDirectory(dir.resolve("run"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> launcher().launch(TestMachines.empty("vm").build(), LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("runtimeRoot: " + root + " is writable by others (mode 0777, owner uid 0");
        assertThat(contents(root)).isEmpty();
    }

    @Test
    void stateRootOfAnotherUserIsRefused() throws Exception {
        Path root = Files.createDirectory(dir.resolve("state"));
        Files.setAttribute(root, "unix:uid", OTHER_UID);

        assertThatThrownBy(() -> launcher().launch(TestMachines.empty("vm").build(), LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("stateRoot: " + root + " is owned by uid " + OTHER_UID);
        assertThat(contents(root)).isEmpty();
    }

    @Test
    void symlinkedVmRuntimeDirectoryIsRefusedAndItsTargetUntouched() throws Exception {
        Path root = Files.createDirectory(dir.resolve("run"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("keep"), "x");
        Files.createSymbolicLink(root.resolve("vm"), elsewhere);

        assertThatThrownBy(() -> launcher().launch(TestMachines.empty("vm").build(), LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("runtimeRoot: " + root.resolve("vm") + " is a symbolic link");
        assertThat(contents(elsewhere)).containsExactly(elsewhere.resolve("keep"));
        assertThat(Files.getPosixFilePermissions(elsewhere)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(qemuFor(root)).isFalse();
    }

    @Test
    void vmRuntimeDirectoryOfAnotherUserIsRefused() throws Exception {
        Path root = Files.createDirectory(dir.resolve("run"));
        Path vm = Files.createDirectory(root.resolve("vm"));
        Files.setAttribute(vm, "unix:uid", OTHER_UID);

        assertThatThrownBy(() -> launcher().launch(TestMachines.empty("vm").build(), LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("runtimeRoot: " + vm + " is owned by uid " + OTHER_UID);
        assertThat(contents(vm)).isEmpty();
    }

    @Test
    void stateDirectorySwappedForAnotherUsersIsRefusedOnReattach() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state/vm"));
        Files.writeString(state.resolve("runtime-dir"), dir.resolve("run/vm") + "\n");
        Files.setAttribute(state, "unix:uid", OTHER_UID);

        assertThatThrownBy(() -> VmPaths.load(state))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("stateRoot: " + state + " is owned by uid " + OTHER_UID);
        assertThatThrownBy(() -> launcher().reattach(state))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("is owned by uid " + OTHER_UID);
    }

    @Test
    void missingRootsAreCreatedPrivate() throws Exception {
        try (RunningVm vm = launcher().launch(TestMachines.empty("vm").build(), LaunchOptions.startPaused())) {
            for (Path created : new Path[] {dir.resolve("run"), dir.resolve("run/vm"), dir.resolve("state/vm")}) {
                assertThat(Files.getPosixFilePermissions(created, LinkOption.NOFOLLOW_LINKS)).as(created.toString())
                        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    private Launcher launcher() {
        return Launcher.builder().stateRoot(dir.resolve("state")).runtimeRoot(dir.resolve("run"))
                .qemuBinary(QemuBinary.path()).startTimeout(java.time.Duration.ofSeconds(60)).build();
    }

    private static java.util.List<Path> contents(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static boolean qemuFor(Path runtimeRoot) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(runtimeRoot + "/"));
    }
}
