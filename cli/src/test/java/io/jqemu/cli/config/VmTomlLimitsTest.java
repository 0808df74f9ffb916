package io.jqemu.cli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Integers beyond 64 bits or misread by the parser, and nesting deeper than vm.toml allows, are positioned problems. */
class VmTomlLimitsTest {

    private static InvalidConfigException invalid(String text) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> VmToml.parse("vm.toml", text, Variables.of(Map.of())));
        assertThat(e).as("no problem reported for:\n" + text).isNotNull();
        return e;
    }

    @Test
    void aNineteenDigitMemorySizeIsNotReadAsAnotherNumber() {
        InvalidConfigException e = invalid("name = \"x\"\nmemory_mib = 1000000000000000256\n");

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().getFirst().toString()).startsWith("vm.toml:2:14: memory_mib: ")
                .contains("1000000000000000256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "99999999999999999999999",
            "0x8000000000000000", "0xffffffffffffffffff", "0o1777777777777777777777", "9_223_372_036_854_775_808"})
    void integersBeyondSixtyFourBitsAreRejectedWithTheirPosition(String value) {
        InvalidConfigException e = invalid("name = \"x\"\nspare_root_ports = " + value + "\n");

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().getFirst().toString()).startsWith("vm.toml:2:20: spare_root_ports: ")
                .contains(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[cpu]\\nsockets = 1000000000000000002|3:11|cpu.sockets",
            "[[disks]]\\npath = \"/a\"\\nboot_index = 1000000000000000001|4:14|disks[0].boot_index",
            "[[scsi_controllers]]\\nnum_queues = 1000000000000000004|3:14|scsi_controllers[0].num_queues",
            "[[nics]]\\nbackend = { type = \"user\", forwards = [{ host_port = 1000000000000000022, guest_port = 22 }] }"
                    + "|3:54|nics[0].backend.forwards[0].host_port",
            "[display]\\nvga = { model = \"std\", vga_memory_mib = 1000000000000000016 }|3:41|display.vga.vga_memory_mib"})
    void everyIntegerFieldIsCheckedExactly(String table, String position, String path) {
        InvalidConfigException e = invalid("name = \"x\"\n" + table.replace("\\n", "\n").replace("\\\"", "\"") + "\n");

        assertThat(e.problems()).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("vm.toml:" + position + ": " + path + ": "));
    }

    @Test
    void twoThousandNestedInlineTablesAreOnePositionedProblem() {
        InvalidConfigException e = invalid("name = \"x\"\ncpu = " + "{ a = ".repeat(2000) + "1" + " }".repeat(2000) + "\n");

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().getFirst().toString()).startsWith("vm.toml:2:").contains("nested deeper than");
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 1001, 1500, 1999, 100_000})
    void deeplyNestedArraysAreOnePositionedProblem(int depth) {
        InvalidConfigException e = invalid("name = \"x\"\nunsafe_extra_args = " + "[".repeat(depth) + "]".repeat(depth) + "\n");

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().getFirst().location()).isPresent();
        assertThat(e.problems().getFirst().message()).contains("nested deeper than");
    }

    @Test
    void deepDottedKeysAndHeadersAreOnePositionedProblem() {
        String dotted = "a" + ".a".repeat(5000);
        assertThat(invalid("name = \"x\"\n" + dotted + " = 1\n").problems().getFirst().toString())
                .startsWith("vm.toml:2:1: ").contains("nested deeper than");
        assertThat(invalid("name = \"x\"\n[" + dotted + "]\n").problems().getFirst().toString())
                .startsWith("vm.toml:2:1: ").contains("nested deeper than");
    }

    @Test
    void nestingWithinTheLimitIsReadAsUsual() {
        InvalidConfigException e = invalid("name = \"x\"\nunsafe_extra_args = " + "[".repeat(20) + "]".repeat(20) + "\n");

        assertThat(e.problems().getFirst().toString()).startsWith("vm.toml:2:22: unsafe_extra_args[0]: expected a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a = [1 }]", "a = [ } ]", "a = [{ b = 1 } }]", "a = [1, )]"})
    void aStrayClosingBraceInAnArrayIsASyntaxErrorNotAnEndlessScan(String line) {
        InvalidConfigException e = invalid("name = \"x\"\n" + line + "\n");

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().getFirst().toString()).startsWith("vm.toml:2:").contains("TOML syntax error");
    }
}
