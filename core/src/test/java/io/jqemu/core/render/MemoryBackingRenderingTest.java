package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.JqemuException;
import io.jqemu.core.Violation;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.MemoryBacking;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Memory backings and mem-lock on the command line, and their validation with field paths. */
class MemoryBackingRenderingTest {
    private static final RenderContext CONTEXT = RenderContext.builder()
            .hugePageMounts(size -> size == MemoryBacking.DEFAULT_HUGE_PAGE_SIZE ? Optional.of("/dev/hugepages")
                    : Optional.empty())
            .build();

    private static MachineBuilder base() {
        return Machine.builder().name("mem").memoryMib(256);
    }

    private static List<String> argv(MachineBuilder b) {
        return MachineRenderer.render(b.build(), CONTEXT).argv();
    }

    private static String after(List<String> argv, String option) {
        return argv.get(argv.indexOf(option) + 1);
    }

    private static List<Violation> violations(MachineBuilder b) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        return e.violations();
    }

    @Test
    void anonymousMemoryRendersOnlyDashM() {
        List<String> argv = argv(base());

        assertThat(argv).doesNotContain("-object", "-overcommit");
        assertThat(after(argv, "-machine")).isEqualTo("type=q35");
        assertThat(after(argv, "-m")).isEqualTo("size=256M");
        assertThat(base().build().memoryBacking().shared()).isFalse();
    }

    @Test
    void memfdIsTheMachinesMemoryBackend() {
        List<String> argv = argv(base().memoryBacking(MemoryBacking.sharedMemfd()));

        assertThat(after(argv, "-machine")).isEqualTo("type=q35,memory-backend=ram0");
        assertThat(after(argv, "-m")).isEqualTo("size=256M");
        assertThat(after(argv, "-object"))
                .isEqualTo("{\"qom-type\":\"memory-backend-memfd\",\"id\":\"ram0\",\"size\":268435456,\"share\":true}");
        assertThat(after(argv(base().memoryBacking(new MemoryBacking.Memfd(false))), "-object")).contains("\"share\":false");
    }

    @Test
    void hugePagesArePreallocatedSharedFilesOnTheHostsMount() {
        List<String> argv = argv(base().memoryBacking(MemoryBacking.hugePages(MemoryBacking.DEFAULT_HUGE_PAGE_SIZE)));

        assertThat(after(argv, "-machine")).isEqualTo("type=q35,memory-backend=ram0");
        assertThat(after(argv, "-object")).isEqualTo("{\"qom-type\":\"memory-backend-file\",\"id\":\"ram0\","
                + "\"size\":268435456,\"mem-path\":\"/dev/hugepages\",\"share\":true,\"prealloc\":true}");
        MemoryBacking explicit = new MemoryBacking.HugePages(Optional.of("/mnt/huge 1G"), 1L << 30);
        assertThat(after(argv(base().memoryMib(2048).memoryBacking(explicit)), "-object"))
                .contains("\"mem-path\":\"/mnt/huge 1G\"");
        assertThat(explicit.shared()).isTrue();
    }

    @Test
    void hugePagesAreAHostResourceCountedInPages() {
        MachineBuilder b = base().memoryBacking(MemoryBacking.hugePages(MemoryBacking.DEFAULT_HUGE_PAGE_SIZE));

        assertThat(MachineRenderer.render(b.build(), CONTEXT).hostResources())
                .contains(new HostResource.HugePageMemory(2L << 20, 128, "/dev/hugepages", "memory.backing"));
        assertThat(MachineRenderer.render(base().memoryBacking(MemoryBacking.sharedMemfd()).build(), CONTEXT)
                .hostResources()).noneMatch(HostResource.HugePageMemory.class::isInstance);
    }

    @Test
    void hugePagesWithoutAMountOfTheirSizeNameTheFieldAndTheFix() {
        MachineBuilder b = base().memoryMib(1024).memoryBacking(MemoryBacking.hugePages(1L << 30));

        assertThatThrownBy(() -> argv(b)).isInstanceOf(JqemuException.class)
                .hasMessageContaining("memory.backing.path").hasMessageContaining("1G")
                .hasMessageContaining("mount -t hugetlbfs");
    }

    @Test
    void aFileBackingKeepsItsPathInOneJsonValue() {
        List<String> argv = argv(base().memoryBacking(new MemoryBacking.File("/srv/ram,share=on", true)));

        assertThat(after(argv, "-object")).isEqualTo("{\"qom-type\":\"memory-backend-file\",\"id\":\"ram0\","
                + "\"size\":268435456,\"mem-path\":\"/srv/ram,share=on\",\"share\":true}");
    }

    @Test
    void lockedMemoryRendersMemLock() {
        List<String> argv = argv(base().lockMemory(true));

        assertThat(after(argv, "-overcommit")).isEqualTo("mem-lock=on");
        assertThat(argv).doesNotContain("-object");
    }

    @Test
    void hugePagesMustDivideTheMemory() {
        List<Violation> v = violations(base().memoryMib(1000).memoryBacking(MemoryBacking.hugePages(1L << 30)));

        assertThat(v).extracting(Violation::path).containsExactly("memoryMib");
        assertThat(v.get(0).message()).contains("1000 MiB", "1G");
    }

    @Test
    void aHugePageSizeIsAPowerOfTwo() {
        List<Violation> v = violations(base().memoryBacking(MemoryBacking.hugePages(3L << 20)));

        assertThat(v).extracting(Violation::path).containsExactly("memory.backing.pageSize");
        assertThat(v.get(0).message()).contains(String.valueOf(3L << 20), "2M and 1G");
    }

    @Test
    void backingPathsMustBeAbsolute() {
        assertThat(violations(base().memoryBacking(new MemoryBacking.File("ram.img", false))))
                .extracting(Violation::path).containsExactly("memory.backing.path");
        assertThat(violations(base().memoryBacking(new MemoryBacking.HugePages(Optional.of("hugepages"), 2L << 20))))
                .extracting(Violation::path).containsExactly("memory.backing.path");
    }
}
