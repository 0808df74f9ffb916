package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Direct kernel boot in the model: builder overloads, toBuilder, and each rejection with its field path. */
class DirectKernelBootTest {
    private static final String KERNEL = "/boot/vmlinux";
    private static final String INITRD = "/boot/initramfs.cpio.gz";

    private static MachineBuilder base() {
        return Machine.builder().name("vm");
    }

    private static Violation only(MachineBuilder b) {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        List<Violation> v = e.violations();
        assertThat(v).hasSize(1);
        return v.get(0);
    }

    @Test
    void noDirectBootByDefault() {
        assertThat(base().build().directKernelBoot()).isEmpty();
    }

    @Test
    void builderOverloadsAgreeWithTheRecord() {
        Machine m = base().directKernelBoot(KERNEL, INITRD, "console=ttyS0").build();
        assertThat(m.directKernelBoot()).contains(new DirectKernelBoot(KERNEL, Optional.of(INITRD), Optional.of("console=ttyS0")));
        assertThat(base().directKernelBoot(KERNEL).build().directKernelBoot())
                .contains(new DirectKernelBoot(KERNEL, Optional.empty(), Optional.empty()));
        assertThat(base().directKernelBoot(DirectKernelBoot.kernel(KERNEL).withCmdline("quiet")).build().directKernelBoot())
                .contains(new DirectKernelBoot(KERNEL, Optional.empty(), Optional.of("quiet")));
    }

    @Test
    void toBuilderKeepsItAndClearRemovesIt() {
        Machine m = base().directKernelBoot(KERNEL, INITRD, "console=ttyS0").build();
        assertThat(m.toBuilder().build()).isEqualTo(m);
        assertThat(m.withResolvedIds().directKernelBoot()).isEqualTo(m.directKernelBoot());
        assertThat(m.toBuilder().clearDirectKernelBoot().build().directKernelBoot()).isEmpty();
    }

    @Test
    void commasQuotesAndSpacesInTheKernelPathAndCommandLineAreAccepted() {
        Machine m = base().directKernelBoot("/boot/my kernel,v2", "/boot/init rd", "console=ttyS0,115200 x=\"a b\" é").build();
        assertThat(m.directKernelBoot().orElseThrow().cmdline()).contains("console=ttyS0,115200 x=\"a b\" é");
    }

    @Test
    void emptyOrBlankOrRelativeKernelIsRejected() {
        Violation empty = only(base().directKernelBoot(""));
        assertThat(empty.path()).isEqualTo("directKernelBoot.kernel");
        assertThat(empty.message()).contains("must not be empty");
        Violation blank = only(base().directKernelBoot("   "));
        assertThat(blank.path()).isEqualTo("directKernelBoot.kernel");
        assertThat(blank.message()).contains("'   '", "not an absolute path");
        Violation relative = only(base().directKernelBoot("vmlinux"));
        assertThat(relative.path()).isEqualTo("directKernelBoot.kernel");
        assertThat(relative.message()).contains("'vmlinux'", "not an absolute path");
    }

    @Test
    void relativeOrEmptyInitrdIsRejected() {
        Violation relative = only(base().directKernelBoot(DirectKernelBoot.kernel(KERNEL).withInitrd("initrd.img")));
        assertThat(relative.path()).isEqualTo("directKernelBoot.initrd");
        assertThat(relative.message()).contains("'initrd.img'", "not an absolute path");
        assertThat(only(base().directKernelBoot(DirectKernelBoot.kernel(KERNEL).withInitrd(""))).path())
                .isEqualTo("directKernelBoot.initrd");
    }

    @Test
    void commaInTheInitrdIsRejectedBecauseMultibootSplitsOnIt() {
        Violation v = only(base().directKernelBoot(KERNEL, "/boot/init,rd.gz", "quiet"));
        assertThat(v.path()).isEqualTo("directKernelBoot.initrd");
        assertThat(v.message()).contains("'/boot/init,rd.gz'", "','", "multiboot");
    }

    @Test
    void controlCharactersInTheCommandLineAreRejected() {
        Violation newline = only(base().directKernelBoot(KERNEL, INITRD, "console=ttyS0\ninit=/bin/sh"));
        assertThat(newline.path()).isEqualTo("directKernelBoot.cmdline");
        assertThat(newline.message()).contains("'console=ttyS0\\u000ainit=/bin/sh'", "U+000A", "one line");
        assertThat(only(base().directKernelBoot(KERNEL, INITRD, "a\tb")).message()).contains("U+0009");
        assertThat(only(base().directKernelBoot(KERNEL, INITRD, "a\u007fb")).message()).contains("U+007F");
    }

    @Test
    void nulAnywhereIsRejectedOncePerField() {
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class,
                () -> base().directKernelBoot("/boot/a\0b", "/boot/c\0d", "quiet\0").build());
        assertThat(e.violations()).extracting(Violation::path)
                .containsExactly("directKernelBoot.kernel", "directKernelBoot.initrd", "directKernelBoot.cmdline");
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.message()).contains("NUL"));
    }

    @Test
    void anEmptyCommandLineIsAccepted() {
        assertThat(base().directKernelBoot(KERNEL, INITRD, "").build().directKernelBoot().orElseThrow().cmdline()).contains("");
    }
}
