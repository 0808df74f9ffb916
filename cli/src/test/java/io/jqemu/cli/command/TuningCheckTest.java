package io.jqemu.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jqemu check} on a fake kernel tree with four CPUs (two isolated) and a 2M huge page pool: it
 * reports the CPUs and free huge pages, describes pinning and huge-page memory, and fails what the host
 * cannot give at the field asking for it.
 */
class TuningCheckTest {
    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void host() throws IOException {
        root = dir.resolve("host");
        write("/sys/devices/system/cpu/online", "0-3\n");
        write("/sys/devices/system/cpu/isolated", "2-3\n");
        write("/sys/devices/system/node/node0/cpulist", "0-3\n");
        String pool = "/sys/kernel/mm/hugepages/hugepages-2048kB/";
        write(pool + "nr_hugepages", "128\n");
        write(pool + "free_hugepages", "100\n");
        write(pool + "resv_hugepages", "0\n");
        write("/proc/mounts", "hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n");
        write("/proc/meminfo", "Hugepagesize:       2048 kB\n");
        Files.createDirectories(root.resolve("dev/hugepages"));
    }

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private CliRun check(String toml) throws IOException {
        Path vm = Files.writeString(dir.resolve("tuned.toml"), toml);
        return CliRun.of("check", "--host-root", root.toString(), "--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString(), vm.toString());
    }

    @Test
    void whatTheHostCanGiveIsDescribedWithTheHostsCpusAndFreeHugePages() throws IOException {
        CliRun run = check("""
                name = "tuned"
                accelerator = "tcg"
                memory_mib = 128

                [cpu]
                cores = 2
                pinning = { vcpus = ["2", "3"], emulator = "0-1" }

                [memory]
                backing = { type = "hugepages" }
                """);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Path vm = dir.resolve("tuned.toml");
        assertThat(run.out())
                .contains("ok    " + vm + ":7:22: cpu.pinning.vcpus[0]: pins to host CPUs 2 after QEMU starts")
                .contains("ok    " + vm + ":7:44: cpu.pinning.emulator: pins to host CPUs 0-1 after QEMU starts")
                .contains("memory.backing: QEMU preallocates 64 huge pages of 2M in /dev/hugepages (100 of 128 free)")
                .contains("ok    host cpus: online 0-3; isolated 2-3; NUMA node0 0-3")
                .contains("ok    huge pages: 2M: 100 free of 128 (0 reserved), mounted at /dev/hugepages");
    }

    @Test
    void offlineCpusAndTooFewHugePagesFailAtTheirFields() throws IOException {
        CliRun run = check("""
                name = "tuned"
                accelerator = "tcg"
                memory_mib = 256

                [cpu]
                pinning = { vcpus = ["4-5"] }

                [memory]
                backing = { type = "hugepages" }
                """);

        assertThat(run.exitCode()).as(run.out()).isEqualTo(4);
        Path vm = dir.resolve("tuned.toml");
        assertThat(run.out())
                .contains("FAIL  " + vm + ":6:22: cpu.pinning.vcpus[0]: CPUs 4-5 are not all online on this host"
                        + " (online: 0-3)")
                .contains("memory.backing: the guest needs 128 huge pages of 2M (256M), the host has 100 free");
    }
}
