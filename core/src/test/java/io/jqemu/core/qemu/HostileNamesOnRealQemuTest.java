package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile strings reach a real QEMU exactly: a file with a generated hostile name is created, used as a
 * disk (and as 9p mount tag, the directory of the QMP socket, the direct-boot kernel and initrd
 * file names and the kernel command line), QEMU is started with -S, and the names are read back through
 * QMP (query-named-block-nodes, qom-get mount_tag and /machine kernel, initrd, append).
 */
@RequiresQemu
class HostileNamesOnRealQemuTest {

    @Provide
    Arbitrary<String> hostileFileNames() {
        Arbitrary<String> chars = Arbitraries.strings()
                .withChars(",=\"'\\ \n\t{}[]:;$`*?&|<>()#%!~-._aZ0é日ß\u0001\u001b\u007f")
                .withChars('\uD83D', '\uDE00')
                .ofMinLength(1).ofMaxLength(24)
                .filter(s -> !s.equals(".") && !s.equals("..") && validUnicode(s));
        return Arbitraries.oneOf(chars, chars.map(s -> "file=" + s + ",cache=none"), chars.map(s -> "a,,b," + s));
    }

    private static boolean validUnicode(String s) {
        return s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    }

    @Property(tries = 10, seed = "20261122")
    void hostileNamesReachQemuExactly(@ForAll("hostileFileNames") String name) throws Exception {
        startAndReadBack(name);
    }

    @Example
    void commaEqualsAndJsonLookalikes() throws Exception {
        startAndReadBack("x,file=passwd,driver=raw");
        startAndReadBack("{\"driver\":\"file\"}");
        startAndReadBack(" ,, \n\"'\\");
    }

    private static void startAndReadBack(String name) throws Exception {
        Path dir = TestDirs.create("hostile");
        Path image = dir.resolve(name);
        HostFreeMachines.createImage(image, DiskFormat.RAW);
        Path socketDir = dir;
        if (name.getBytes(StandardCharsets.UTF_8).length < 30) {
            socketDir = Files.createDirectories(dir.resolve("q" + name));
        }
        boolean tagFits = name.getBytes(StandardCharsets.UTF_8).length <= 31;
        var builder = Machine.builder().name("hostile").memoryMib(64)
                .disk(Disk.imageFile(image.toString()))
                .serial(CharBackend.file(dir.resolve(name + ".log").toString()))
                .spareRootPorts(0);
        if (tagFits) {
            builder.share(new SharedDirectory(dir.toString(), name, SharedDirectory.SecurityModel.NONE, true));
        }
        Path kernel = TestKernels.writeBzImage(dir.resolve("kernel-" + name));
        DirectKernelBoot boot = DirectKernelBoot.kernel(kernel.toString());
        if (name.indexOf(',') < 0) {
            boot = boot.withInitrd(TestKernels.writeInitrd(dir.resolve("initrd-" + name)).toString());
        }
        if (name.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
            boot = boot.withCmdline(name);
        }
        builder.directKernelBoot(boot);
        Machine machine = builder.build();
        Path qmp = socketDir.resolve("qmp.sock");
        RenderContext ctx = RenderContext.builder().qemuBinary(QemuBinary.path()).qmpSocket(qmp.toString())
                .runtimeDir(dir.toString()).build();
        RenderedMachine rendered = MachineRenderer.render(machine, ctx);
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), qmp, dir)) {
            assertThat(qemu.qmp().execute("query-name").path("name").asText()).isEqualTo("hostile");
            JsonNode file = null;
            for (JsonNode n : qemu.qmp().execute("query-named-block-nodes")) {
                if (n.path("node-name").asText().equals("file-disk0")) {
                    file = n;
                }
            }
            assertThat(file).as("node file-disk0").isNotNull();
            assertThat(file.path("file").asText()).isEqualTo(image.toString());
            assertThat(file.path("image").path("filename").asText()).isEqualTo(image.toString());
            assertThat(qemu.qmp().qomGet("/machine", "kernel").asText()).isEqualTo(kernel.toString());
            assertThat(qemu.qmp().qomGet("/machine", "initrd").asText()).isEqualTo(boot.initrd().orElse(""));
            assertThat(qemu.qmp().qomGet("/machine", "append").asText()).isEqualTo(boot.cmdline().orElse(""));
            if (tagFits) {
                assertThat(qemu.qmp().qomGet("/machine/peripheral/share0", "mount_tag").asText()).isEqualTo(name);
            }
        }
        assertThat(Files.exists(dir.resolve(name + ".log"))).as("serial log file created under the exact name").isTrue();
    }
}
