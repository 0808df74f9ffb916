package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Display;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where and how -kernel, -initrd and -append appear: right after the display options, each value one argument. */
class DirectKernelBootRenderingTest {
    private static final RenderContext CTX = RenderContext.builder().qmpSocket("/run/vm/qmp.sock")
            .ovmfVars("/var/lib/vm/VARS.fd").build();

    private static List<String> render(MachineBuilder b) {
        return MachineRenderer.render(b.build(), CTX).argv();
    }

    private static MachineBuilder base() {
        return Machine.builder().name("vm").uuid("186682f9-0f0b-4a9e-867b-364706339405");
    }

    @Test
    void aKernelAloneRendersOnlyKernel() {
        List<String> argv = render(base().directKernelBoot("/boot/bzImage"));
        int k = argv.indexOf("-kernel");
        assertThat(argv.subList(k, k + 3)).containsExactly("-kernel", "/boot/bzImage", "-device");
        assertThat(argv).doesNotContain("-initrd", "-append");
    }

    @Test
    void kernelInitrdAndCommandLineFollowTheDisplayOptionsAndPrecedeTheFirmwareNodes() {
        String cmdline = "console=ttyS0,115200 root=/dev/vda1 x=\"a b\" -S -device";
        List<String> argv = render(base().ovmf("/code.fd", "/vars.fd")
                .display(new Display(Graphics.vnc("127.0.0.1", 3), Optional.empty()))
                .directKernelBoot(DirectKernelBoot.kernel("/boot/vm,linuz").withInitrd("/boot/init rd").withCmdline(cmdline)));
        int k = argv.indexOf("-kernel");
        assertThat(argv.subList(k - 4, k + 7)).containsExactly("-display", "none", "-vnc", "vnc=127.0.0.1:3,password=on",
                "-kernel", "/boot/vm,linuz", "-initrd", "/boot/init rd", "-append", cmdline, "-blockdev");
    }

    @Test
    void withoutDirectBootNothingIsRendered() {
        assertThat(render(base())).doesNotContain("-kernel", "-initrd", "-append");
    }
}
