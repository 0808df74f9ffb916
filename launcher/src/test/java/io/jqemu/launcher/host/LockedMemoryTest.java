package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.Violation;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code memory.lock} against the locked-memory limit and capabilities of a fake {@code /proc/self}. */
class LockedMemoryTest {
    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max open files            1024                 524288               files
            Max locked memory         %s                   %s                   bytes
            """;
    @TempDir
    Path root;
    @TempDir
    Path vmRoot;

    private Launcher launcher(String capEff, String locked) throws IOException {
        Path self = Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(self.resolve("status"), "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t" + capEff + "\n");
        Files.writeString(self.resolve("limits"), LIMITS.formatted(locked, locked));
        return Launcher.builder().hostRoot(HostRoot.at(root, (f, v) -> { })).stateRoot(vmRoot.resolve("state"))
                .runtimeRoot(vmRoot.resolve("run")).build();
    }

    private static Machine locked() {
        return Machine.builder().name("locked").accelerator(Accelerator.TCG).memoryMib(512).lockMemory(true).build();
    }

    @Test
    void aLimitBelowTheGuestsMemoryFailsNamingTheLimitAndTheFix() throws IOException {
        List<Violation> failures = launcher("0000000000000000", "8388608").preflight(locked());

        assertThat(failures).extracting(Violation::path).containsExactly("memory.lock");
        assertThat(failures.get(0).message()).isEqualTo("QEMU must lock the guest's 512M and its own memory, but the"
                + " locked-memory limit is 8M (ulimit -l); raise it (ulimit -l unlimited, LimitMEMLOCK=infinity in a"
                + " systemd unit) or run as root");
    }

    @Test
    void anUnlimitedLimitOrCapIpcLockPasses() throws IOException {
        assertThat(launcher("0000000000000000", "unlimited").preflight(locked())).isEmpty();
        assertThat(launcher("0000000000004000", "65536").preflight(locked())).isEmpty();
        HostReport.Need need = launcher("0000000000004000", "65536").hostReport(locked()).needs().stream()
                .filter(n -> n.need() instanceof HostResource.LockedMemory).findFirst().orElseThrow();
        assertThat(need.description()).isEqualTo("QEMU locks the guest's 512M and its own memory (CAP_IPC_LOCK: no limit)");
    }

    @Test
    void aMachineThatLocksNothingNeedsNoLimit() throws IOException {
        Machine unlocked = locked().toBuilder().lockMemory(false).build();

        assertThat(launcher("0000000000000000", "65536").render(unlocked).hostResources())
                .noneMatch(HostResource.LockedMemory.class::isInstance);
    }
}
