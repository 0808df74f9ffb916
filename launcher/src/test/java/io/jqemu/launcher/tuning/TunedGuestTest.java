package io.jqemu.launcher.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.HostCpuSet;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.launcher.GuestShell;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.TestMachines;
import io.jqemu.launcher.ThreadPinning;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.ThreadAffinity;
import io.jqemu.qmp.command.CpuInfo;
import io.jqemu.qmp.command.IothreadInfo;
import io.jqemu.qmp.command.QueryCpusFast;
import io.jqemu.qmp.command.QomGet;
import io.jqemu.qmp.command.QueryIothreads;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.RequiresRoot;
import io.jqemu.testsupport.TestGuest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tuned test guest proves the tuning on this host: its RAM on huge pages reserved for the test
 * (taken from the pool while it runs) and locked, a virtio-blk disk served by an iothread read and
 * written by the guest, and its vCPU, iothread and emulator threads pinned to the configured host
 * CPUs (read from {@code /proc/<qemu>/task/<tid>/status}), again after a re-attach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
@RequiresRoot
class TunedGuestTest {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final long MEMORY_MIB = 128;
    private static final long PAGES = MEMORY_MIB * 1024 * 1024 / HugePageReservation.PAGE;
    private static final CpuPinning PINNING = new CpuPinning(List.of("0", "1"), Optional.of("0"), Map.of("io0", "1"));

    private Path dir;
    private Path image;
    private HugePageReservation hugePages;
    private long freeBefore;
    private Machine machine;
    private Launcher launcher;
    private RunningVm vm;
    private GuestShell guest;

    @BeforeAll
    void boot(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        image = TestMachines.image(dir, "data.img", 8);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.write("written-by-the-host\n".getBytes(StandardCharsets.US_ASCII));
        }
        hugePages = HugePageReservation.reserve(PAGES);
        freeBefore = HugePageReservation.freePages();
        machine = Machine.builder().name("tuned").memoryMib(MEMORY_MIB).cpu("max", 1, 2, 1)
                .memoryBacking(MemoryBacking.hugePages(HugePageReservation.PAGE))
                .lockMemory(true)
                .iothread("io0")
                .cpuPinning(PINNING)
                .disk(Disk.imageFile(image.toString()).virtioBlk("io0"))
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
        launcher = TestMachines.launcher(dir);
        vm = launcher.launch(machine, LaunchOptions.startPaused());
        guest = new GuestShell(vm.serialConsole());
        vm.resume();
        guest.awaitReady(BOOT);
    }

    @AfterAll
    void stop() {
        try {
            if (guest != null) {
                guest.close();
            }
            if (vm != null) {
                vm.close();
            }
        } finally {
            if (hugePages != null) {
                hugePages.close();
            }
        }
    }

    @Test
    @Order(1)
    void guestRamComesFromTheReservedHugePagesAndIsLocked() throws Exception {
        assertThat(HugePageReservation.freePages()).as("HugePages_Free while the guest runs")
                .isLessThanOrEqualTo(freeBefore - PAGES);
        assertThat(vm.qmp().send(new QomGet("/objects/ram0", "mem-path")).asText()).isEqualTo(hugePages.mount());
        assertThat(vm.qmp().send(new QomGet("/objects/ram0", "prealloc")).asBoolean()).isTrue();
        assertThat(statusField(vm.pid(), "VmLck")).as("VmLck in kB").isGreaterThanOrEqualTo(MEMORY_MIB * 1024);
        assertThat(Long.parseLong(guest.check("grep MemTotal /proc/meminfo").replaceAll("\\D", ""))).as("guest MemTotal kB")
                .isGreaterThan(MEMORY_MIB * 1024 / 2);
    }

    @Test
    @Order(2)
    void theGuestReadsAndWritesTheDiskItsIothreadServes() throws Exception {
        List<IothreadInfo> iothreads = vm.qmp().send(new QueryIothreads());
        assertThat(iothreads).extracting(IothreadInfo::id).containsExactly("io0");
        assertThat(vm.qmp().send(new QomGet("/machine/peripheral/disk0", "iothread")).asText()).isEqualTo("/objects/io0");

        assertThat(guest.check("head -c 19 /dev/vda; echo")).isEqualTo("written-by-the-host");
        guest.check("echo written-by-the-guest | dd of=/dev/vda bs=4096 seek=1 conv=fsync 2>/dev/null");

        assertThat(awaitHostSees(image, 4096, "written-by-the-guest")).isTrue();
    }

    @Test
    @Order(3)
    void eachVcpuIothreadAndEmulatorThreadRunsOnItsConfiguredCpus() throws Exception {
        List<CpuInfo> cpus = vm.qmp().send(new QueryCpusFast()).stream()
                .sorted(Comparator.comparingInt(CpuInfo::cpuIndex)).toList();
        assertThat(cpus).hasSize(2);
        assertThat(cpus.get(0).threadId()).as("a thread per vCPU (MTTCG)").isNotEqualTo(cpus.get(1).threadId());
        for (int i = 0; i < cpus.size(); i++) {
            assertThat(allowedCpus(vm.pid(), cpus.get(i).threadId())).as("vCPU " + i).isEqualTo(PINNING.vcpus().get(i));
        }
        long iothread = vm.qmp().send(new QueryIothreads()).get(0).threadId();
        assertThat(allowedCpus(vm.pid(), iothread)).as("iothread io0").isEqualTo("1");
        assertThat(allowedCpus(vm.pid(), vm.pid())).as("QEMU's main thread").isEqualTo("0");

        ThreadPinning pinning = vm.threadPinning();
        assertThat(pinning.vcpus()).extracting(ThreadPinning.PinnedThread::threadId)
                .containsExactly(cpus.get(0).threadId(), cpus.get(1).threadId());
        assertThat(pinning.vcpus()).extracting(t -> t.cpus().toString()).containsExactly("0", "1");
        assertThat(pinning.iothread("io0")).hasValueSatisfying(t -> assertThat(t.threadId()).isEqualTo(iothread));
        assertThat(pinning.emulator()).first().satisfies(t -> {
            assertThat(t.threadId()).isEqualTo(vm.pid());
            assertThat(t.cpus()).isEqualTo(HostCpuSet.parse("0"));
        });
        for (ThreadPinning.PinnedThread t : pinning.emulator()) {
            assertThat(t.threadId()).isNotIn(cpus.get(0).threadId(), cpus.get(1).threadId(), iothread);
        }
    }

    @Test
    @Order(4)
    void aLaunchNeedingMoreHugePagesThanAreFreeIsRefusedBeforeAnyHostChange() throws Exception {
        long free = HugePageReservation.freePages();
        long needed = free + 16;
        Machine tooBig = machine.toBuilder().name("tuned-big").memoryMib(needed * 2).clearDisks()
                .cpuPinning(CpuPinning.NONE).cpu("max", 1, 1, 1).build();

        assertThatThrownBy(() -> launcher.launch(tooBig, LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("memory.backing: the guest needs " + needed + " huge pages of 2M")
                .hasMessageContaining("the host has " + free + " free")
                .hasMessageContaining("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
        assertThat(dir.resolve("state/tuned-big")).doesNotExist();
    }

    @Test
    @Order(5)
    void aReattachPinsTheThreadsAgain() throws Exception {
        guest.close();
        guest = null;
        long pid = vm.pid();
        long vcpu0 = vm.qmp().send(new QueryCpusFast()).stream().filter(c -> c.cpuIndex() == 0).findFirst()
                .orElseThrow().threadId();
        vm.disconnect();
        vm = null;
        ThreadAffinity affinity = ThreadAffinity.system();
        assertThat(affinity.set(vcpu0, HostCpuSet.parse("0-1"))).isZero();
        assertThat(allowedCpus(pid, vcpu0)).isEqualTo("0-1");

        vm = launcher.reattach(dir.resolve("state/tuned"), machine);

        assertThat(allowedCpus(pid, vcpu0)).isEqualTo("0");
        assertThat(vm.threadPinning().vcpus()).first().satisfies(t -> assertThat(t.threadId()).isEqualTo(vcpu0));
    }

    private static String allowedCpus(long pid, long thread) throws IOException {
        return statusLine(pid, thread, "Cpus_allowed_list");
    }

    private static long statusField(long pid, String field) throws IOException {
        return Long.parseLong(statusLine(pid, pid, field).replaceAll("\\D", ""));
    }

    private static String statusLine(long pid, long thread, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "task", Long.toString(thread), "status")).stream()
                .filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).strip())
                .findFirst().orElseThrow();
    }

    private static boolean awaitHostSees(Path file, long offset, String text) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        byte[] want = text.getBytes(StandardCharsets.US_ASCII);
        while (Instant.now().isBefore(deadline)) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                byte[] got = new byte[want.length];
                f.seek(offset);
                f.readFully(got);
                if (java.util.Arrays.equals(got, want)) {
                    return true;
                }
            }
            Thread.sleep(200);
        }
        return false;
    }
}
