package io.jqemu.cli.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every file under {@code malformed/} states in its {@code # expect: line:column | path | message}
 * comments exactly which problems it must produce; all of them, and no others, must be reported.
 */
class MalformedVmTomlTest {

    record Expected(int line, int column, String path, String message) { }

    static Stream<Path> files() throws IOException, URISyntaxException {
        Path dir = Path.of(MalformedVmTomlTest.class.getResource("/malformed").toURI());
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".toml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void reportsEveryProblemAtItsExactPosition(Path file) throws IOException {
        List<Expected> expected = Files.readAllLines(file).stream()
                .filter(l -> l.startsWith("# expect: "))
                .map(MalformedVmTomlTest::expectation)
                .toList();
        assertThat(expected).as("expectations in " + file).isNotEmpty();

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> VmToml.read(file, Variables.of(Map.of())));

        assertThat(e).as("problems of " + file).isNotNull();
        List<ConfigProblem> problems = e.problems();
        assertThat(problems).as(e.getMessage()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Expected want = expected.get(i);
            ConfigProblem got = problems.get(i);
            assertThat(got.location()).as(got.toString())
                    .contains(new SourceLocation(file.toString(), want.line(), want.column()));
            assertThat(got.fieldPath()).as(got.toString()).isEqualTo(want.path());
            assertThat(got.message()).as(got.toString()).contains(want.message());
            assertThat(got.toString()).startsWith(file + ":" + want.line() + ":" + want.column() + ": ");
        }
    }

    private static Expected expectation(String line) {
        String[] parts = line.substring("# expect: ".length()).split("\\|", 3);
        String[] at = parts[0].trim().split(":");
        return new Expected(Integer.parseInt(at[0]), Integer.parseInt(at[1]), parts[1].trim(), parts[2].trim());
    }
}
