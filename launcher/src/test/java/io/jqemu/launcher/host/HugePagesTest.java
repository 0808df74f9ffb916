package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.Violation;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.LaunchPlan;
import io.jqemu.launcher.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Huge pages on a fake kernel tree: pools and hugetlbfs mounts as the launcher reads them, the mount
 * a huge-page machine is rendered with, and the refusal (before any host change) when the pool is too small.
 */
class HugePagesTest {
    @TempDir
    Path root;
    @TempDir
    Path vmRoot;
    HostRoot host;

    @BeforeEach
    void kernel() throws IOException {
        host = HostRoot.at(root, (file, value) -> {
            throw new AssertionError("no writes expected: " + file);
        });
        pool(2048, 64, 40, 8);
        pool(1048576, 2, 2, 0);
        write("/proc/meminfo", "MemTotal:       24683648 kB\nHugepagesize:       2048 kB\n");
        write("/proc/mounts", """
                proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
                hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0
                none /mnt/huge\\0401g hugetlbfs rw,relatime,pagesize=1024M 0 0
                none /mnt/plain hugetlbfs rw,relatime 0 0
                """);
        Files.createDirectories(root.resolve("dev/hugepages"));
    }

    private void pool(long kib, long total, long free, long reserved) throws IOException {
        String dir = "/sys/kernel/mm/hugepages/hugepages-" + kib + "kB/";
        write(dir + "nr_hugepages", total + "\n");
        write(dir + "free_hugepages", free + "\n");
        write(dir + "resv_hugepages", reserved + "\n");
        write(dir + "surplus_hugepages", "0\n");
    }

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Launcher launcher() {
        return Launcher.builder().hostRoot(host).stateRoot(vmRoot.resolve("state")).runtimeRoot(vmRoot.resolve("run"))
                .build();
    }

    private static Machine machine(long mib, MemoryBacking backing) {
        return Machine.builder().name("huge").accelerator(Accelerator.TCG).memoryMib(mib).memoryBacking(backing).build();
    }

    @Test
    void poolsAndMountsAreReadWithTheirSizes() {
        HugePages pages = HugePages.read(host);

        assertThat(pages.pools()).containsExactly(new HugePages.Pool(2L << 20, 64, 40, 8),
                new HugePages.Pool(1L << 30, 2, 2, 0));
        assertThat(pages.pool(2L << 20).orElseThrow().available()).isEqualTo(32);
        assertThat(pages.mounts()).containsExactly(new HugePages.Mount("/dev/hugepages", 2L << 20),
                new HugePages.Mount("/mnt/huge 1g", 1L << 30), new HugePages.Mount("/mnt/plain", 2L << 20));
        assertThat(pages.mountFor(1L << 30)).contains("/mnt/huge 1g");
        assertThat(pages.mountHolding("/dev/hugepages/vm1")).contains(new HugePages.Mount("/dev/hugepages", 2L << 20));
        assertThat(pages.mountHolding("/dev/hugepagesx")).isEmpty();
        assertThat(pages.describe()).isEqualTo("2M: 40 free of 64 (8 reserved), mounted at /dev/hugepages, /mnt/plain\n"
                + "1G: 2 free of 2 (0 reserved), mounted at /mnt/huge 1g");
    }

    @Test
    void aHostWithoutHugePagesSaysSo() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        HugePages pages = HugePages.read(HostRoot.at(empty, (f, v) -> { }));

        assertThat(pages.pools()).isEmpty();
        assertThat(pages.mountFor(2L << 20)).isEmpty();
        assertThat(pages.describe()).isEqualTo("not supported by this kernel");
        assertThat(HostFacts.probe(host).describe()).contains("\nhuge pages: 2M: 40 free of 64 (8 reserved)");
    }

    @Test
    void theMachineIsRenderedOnTheHostsMountOfItsPageSizeAndChecked() {
        LaunchPlan plan = launcher().render(machine(64, MemoryBacking.hugePages(2L << 20)));

        assertThat(plan.argv()).contains("{\"qom-type\":\"memory-backend-file\",\"id\":\"ram0\",\"size\":67108864,"
                + "\"mem-path\":\"/dev/hugepages\",\"share\":true,\"prealloc\":true}");
        assertThat(plan.hostResources()).contains(new HostResource.HugePageMemory(2L << 20, 32, "/dev/hugepages",
                "memory.backing"));
        HostReport.Need need = launcher().hostReport(machine(64, MemoryBacking.hugePages(2L << 20))).needs().stream()
                .filter(n -> n.need() instanceof HostResource.HugePageMemory).findFirst().orElseThrow();
        assertThat(need.failures()).isEmpty();
        assertThat(need.description()).isEqualTo("QEMU preallocates 32 huge pages of 2M in /dev/hugepages (32 of 64 free)");
    }

    @Test
    void tooFewFreePagesFailNamingTheCountsAndHowToReserveMore() {
        List<Violation> failures = launcher().preflight(machine(128, MemoryBacking.hugePages(2L << 20)));

        assertThat(failures).extracting(Violation::path).containsExactly("memory.backing");
        assertThat(failures.get(0).message()).isEqualTo("the guest needs 64 huge pages of 2M (128M),"
                + " the host has 32 free (64 in the pool, 40 free, 8 reserved); reserve more: echo 96 >"
                + " /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
    }

    @Test
    void aLaunchIsRefusedBeforeAnythingOnTheHostChanges() {
        Launcher launcher = launcher();
        Machine machine = machine(1024, MemoryBacking.hugePages(2L << 20));

        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class).hasMessageContaining("the guest needs 512 huge pages of 2M");
        assertThat(vmRoot.resolve("state/huge")).doesNotExist();
        assertThat(launcher.render(machine).paths().runtimeDir()).doesNotExist();
    }

    @Test
    void aPathNotOnHugetlbfsOrOfAnotherPageSizeIsRefused() throws IOException {
        Files.createDirectories(root.resolve("srv/ram"));
        List<Violation> notMounted = launcher().preflight(machine(64,
                new MemoryBacking.HugePages(Optional.of("/srv/ram"), 2L << 20)));
        List<Violation> wrongSize = launcher().preflight(machine(1024,
                new MemoryBacking.HugePages(Optional.of("/dev/hugepages"), 1L << 30)));

        assertThat(notMounted).extracting(Violation::path).containsExactly("memory.backing.path");
        assertThat(notMounted.get(0).message()).contains("/srv/ram is not on a hugetlbfs mount",
                "mount -t hugetlbfs -o pagesize=2M none /srv/ram");
        assertThat(wrongSize).extracting(Violation::path).containsExactly("memory.backing.path");
        assertThat(wrongSize.get(0).message()).contains("a hugetlbfs mount of 2M pages, not 1G");
    }

    @Test
    void aPageSizeTheKernelLacksIsNamed() throws IOException {
        write("/proc/mounts", "none /mnt/huge16g hugetlbfs rw,relatime,pagesize=16G 0 0\n");
        Files.createDirectories(root.resolve("mnt/huge16g"));

        List<Violation> failures = launcher().preflight(machine(16384, MemoryBacking.hugePages(16L << 30)));

        assertThat(failures).extracting(Violation::message)
                .containsExactly("this kernel has no 16G huge pages (sizes it has: 2M, 1G)");
    }
}
