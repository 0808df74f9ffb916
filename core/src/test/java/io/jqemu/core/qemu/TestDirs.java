package io.jqemu.core.qemu;

import io.jqemu.core.model.CloudInit;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.testsupport.QemuBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-test working directories under target/ (a real disk: O_DIRECT works there, which a tmpfs
 * /tmp may not offer) and contexts pointing into them. Tests reach them through a short symlink in
 * the temp directory, so unix socket paths stay under the 107-byte {@code sun_path} limit wherever
 * the checkout lives.
 */
public final class TestDirs {
    private static Path root;

    private TestDirs() {
    }

    /** A fresh directory {@code target/qemu-tests/<prefix>NNN}, named through the short link. */
    public static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(root(), prefix + "-");
    }

    private static synchronized Path root() throws IOException {
        if (root == null) {
            Path target = Files.createDirectories(Path.of("target", "qemu-tests").toAbsolutePath());
            Path linkDir = Files.createTempDirectory("jq");
            Path link = Files.createSymbolicLink(linkDir.resolve("t"), target);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.deleteIfExists(link);
                    Files.deleteIfExists(linkDir);
                } catch (IOException ignored) {
                    // only a dangling link in the temp directory is left
                }
            }));
            root = link;
        }
        return root;
    }

    /** A render context like the launcher's, with every runtime path inside {@code dir}. */
    public static RenderContext context(Path dir) {
        return RenderContext.builder()
                .qemuBinary(QemuBinary.path())
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

    /** Plays the launcher's part for a cloud-init seed: writes the seed directory's inline files. */
    public static void prepareSeedDirectories(RenderedMachine rendered) throws IOException {
        for (HostResource r : rendered.hostResources()) {
            if (r instanceof HostResource.SeedDirectory seed) {
                Path dir = Files.createDirectories(Path.of(seed.path()));
                for (HostResource.SeedFile f : seed.files()) {
                    if (f.content() instanceof CloudInit.Content.Inline inline) {
                        Files.writeString(dir.resolve(f.name()), inline.text());
                    }
                }
            }
        }
    }
}
