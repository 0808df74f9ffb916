package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Tpm;
import io.jqemu.core.model.VirtiofsShare;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code [tpm]} and {@code [[virtiofs]]}: read, written back, and problems at their keys and lines. */
class TpmVirtiofsTomlTest {
    private static Machine parse(String text) {
        return VmToml.parse("vm.toml", "name = \"m\"\nmemory_mib = 512\n" + text, Variables.of(Map.of()));
    }

    @Test
    void aTpmAndVirtiofsSharesAreReadAndWrittenBack() {
        Machine m = parse("""
                [memory]
                backing = { type = "memfd", shared = true }

                [tpm]

                [[virtiofs]]
                host_path = "/srv/media"
                tag = "media"

                [[virtiofs]]
                host_path = "/srv/scratch"
                tag = "scratch"
                cache = "none"
                """);

        assertThat(m.tpm()).contains(new Tpm());
        assertThat(m.virtiofsShares()).containsExactly(VirtiofsShare.of("/srv/media", "media"),
                new VirtiofsShare("/srv/scratch", "scratch", VirtiofsShare.Cache.NONE));
        assertThat(parse(VmTomlWriter.write(m).replaceFirst("name = \"m\"\n", "").replaceFirst("memory_mib = 512\n", "")))
                .isEqualTo(m);
    }

    @Test
    void virtiofsWithoutSharedMemoryIsAProblemAtItsTableSayingWhatToSet() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> parse("""
                [[virtiofs]]
                host_path = "/srv/media"
                tag = "media"
                """));

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.fieldPath()).isEqualTo("virtiofs[0]");
            assertThat(p.toString()).contains("vm.toml:3", "backing = { type = \"memfd\", shared = true }");
        });
    }

    @Test
    void unknownKeysAndMissingOnesAreProblemsAtTheirKeys() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> parse("""
                [memory]
                backing = { type = "memfd", shared = true }

                [tpm]
                version = "1.2"

                [[virtiofs]]
                host_path = "/srv/media"
                cache = "sometimes"
                """));

        assertThat(e.problems()).extracting(ConfigProblem::fieldPath)
                .contains("tpm.version", "virtiofs[0].tag", "virtiofs[0].cache");
    }
}
