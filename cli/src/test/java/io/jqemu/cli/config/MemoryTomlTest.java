package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MemoryBacking;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code [memory]}: each backing type, its defaults, and problems at their keys (more: malformed/70-memory.toml). */
class MemoryTomlTest {
    private static Machine parse(String text) {
        return VmToml.parse("vm.toml", "name = \"m\"\nmemory_mib = 512\n" + text, Variables.of(Map.of()));
    }

    @Test
    void eachBackingTypeIsRead() {
        assertThat(parse("[memory]\nbacking = { type = \"memfd\", shared = true }\n").memoryBacking())
                .isEqualTo(new MemoryBacking.Memfd(true));
        assertThat(parse("[memory]\nbacking = { type = \"memfd\" }\n").memoryBacking())
                .isEqualTo(new MemoryBacking.Memfd(false));
        assertThat(parse("[memory]\nbacking = { type = \"hugepages\" }\n").memoryBacking())
                .isEqualTo(new MemoryBacking.HugePages(Optional.empty(), 2L << 20));
        assertThat(parse("[memory]\nbacking = { type = \"hugepages\", page_size = 2097152 }\n").memoryBacking())
                .isEqualTo(new MemoryBacking.HugePages(Optional.empty(), 2L << 20));
        assertThat(parse("[memory]\nbacking = { type = \"file\", path = \"/dev/shm/vm\", shared = true }\n")
                .memoryBacking()).isEqualTo(new MemoryBacking.File("/dev/shm/vm", true));
        assertThat(parse("[memory]\nbacking = { type = \"anonymous\" }\nlock = true\n"))
                .satisfies(m -> assertThat(m.memoryBacking()).isEqualTo(MemoryBacking.DEFAULT))
                .satisfies(m -> assertThat(m.lockMemory()).isTrue());
    }

    @Test
    void withoutAMemoryTableRamIsAnonymousAndUnlocked() {
        Machine m = parse("");

        assertThat(m.memoryBacking()).isEqualTo(MemoryBacking.DEFAULT);
        assertThat(m.lockMemory()).isFalse();
        assertThat(VmTomlWriter.write(m)).doesNotContain("[memory]");
    }

    @Test
    void modelViolationsAreReportedAtTheirTomlKeys() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> parse("""
                [memory]
                backing = { type = "hugepages", path = "hugepages", page_size = "3M" }
                """));

        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::fieldPath)
                .containsExactlyInAnyOrder("memory.backing.path", "memory.backing.page_size");
    }

    @Test
    void memoryThatIsNoWholeNumberOfHugePagesIsReportedAtMemoryMib() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> parse("""
                [memory]
                backing = { type = "hugepages", page_size = "1G" }
                """));

        assertThat(e.problems()).extracting(ConfigProblem::fieldPath).containsExactly("memory_mib");
        assertThat(e.getMessage()).contains("512 MiB is not a whole number of 1G huge pages");
    }
}
