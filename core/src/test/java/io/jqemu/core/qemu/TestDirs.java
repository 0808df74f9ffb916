package io.jqemu.core.qemu;

import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Per-test working directories under target/ (a real disk: O_DIRECT works there) and contexts pointing into them. */
public final class TestDirs {
    private TestDirs() {
    }

    /** A fresh directory {@code target/qemu-tests/<prefix>NNN}. */
    public static Path create(String prefix) throws IOException {
        Path root = Files.createDirectories(Path.of("target", "qemu-tests").toAbsolutePath());
        return Files.createTempDirectory(root, prefix + "-");
    }

    /** A render context like the launcher's, with every runtime path inside {@code dir}. */
    public static RenderContext context(Path dir) {
        return RenderContext.builder()
                .qemuBinary("qemu-system-x86_64")
                .qmpSocket(dir.resolve("qmp.sock").toString())
                .runtimeDir(dir.toString())
                .ovmfVars(dir.resolve("OVMF_VARS.fd").toString())
                .build();
    }

    /** Plays the launcher's part for OVMF: copies the vars template to the per-VM vars file. */
    public static void prepareOvmfVars(RenderedMachine rendered) throws IOException {
        for (HostResource r : rendered.hostResources()) {
            if (r instanceof HostResource.OvmfVars vars) {
                Files.copy(Path.of(vars.template()), Path.of(vars.target()));
            }
        }
    }
}
