package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A machine's name is one path component and one QEMU word: the VM name rule, checked by validation. */
class VmNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", ".", "a\nb", "a,debug-threads=off", "-x", "_x", " a", "ä", "a b", ""})
    void invalidNamesAreViolationsOfName(String name) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class,
                () -> Machine.builder().name(name).build());

        assertThat(e).as(name).isNotNull();
        assertThat(e.violations()).extracting(Violation::path).containsExactly("name");
        assertThat(e.violations().getFirst().message()).doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 300})
    void longNamesAreViolations(int length) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class,
                () -> Machine.builder().name("n".repeat(length)).build());

        assertThat(e.violations()).extracting(Violation::path).containsExactly("name");
        assertThat(e.violations().getFirst().message()).contains("at most 64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "dsm", "DSM", "web-1.example_2", "0", "a..b"})
    void validNamesPass(String name) {
        assertThat(Machine.builder().name(name).build().name()).isEqualTo(name);
        assertThat(VmName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {64})
    void sixtyFourCharactersAreAllowed(int length) {
        assertThat(VmName.isValid("n".repeat(length))).isTrue();
    }
}
