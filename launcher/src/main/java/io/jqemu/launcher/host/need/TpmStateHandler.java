package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.internal.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TPM emulator's state directory, kept across runs: on first use (no {@value #STATE_FILE} in it) it is
 * created private ({@code 0700}) and initialised by {@code swtpm_setup --tpm2} with an endorsement key
 * and no certificates (certificates would need a host-wide local CA); an initialised state is used as it
 * is. A failed initialisation removes the directory it created. swtpm's options cannot carry a comma,
 * so the state directory and the VM's runtime directory must not contain one.
 */
final class TpmStateHandler implements NeedHandler<HostResource.TpmState> {
    /** The file swtpm keeps a TPM 2.0's permanent state in. */
    static final String STATE_FILE = "tpm2-00.permall";
    private static final String SETUP = "swtpm_setup";

    private final Duration setupTimeout;

    TpmStateHandler(Duration setupTimeout) {
        this.setupTimeout = setupTimeout;
    }

    @Override
    public Stage stage() {
        return Stage.FILES;
    }

    @Override
    public void check(HostResource.TpmState need, Inspection inspection) {
        for (String path : List.of(need.directory(), inspection.paths().runtimeDir().toString())) {
            if (path.contains(",")) {
                throw new HostException(need.fieldPath() + ": swtpm cannot take a path with a comma: " + path
                        + " (choose a state and runtime root without commas)");
            }
        }
        if (!initialised(need) && Executables.find(SETUP).isEmpty()) {
            throw new HostException(need.fieldPath() + ": " + SETUP + " is not installed: it is not on PATH"
                    + " (Debian package swtpm-tools)");
        }
    }

    private static boolean initialised(HostResource.TpmState need) {
        return Files.isRegularFile(Path.of(need.directory(), STATE_FILE), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void apply(HostResource.TpmState need, Application application) {
        if (initialised(need)) {
            return;
        }
        Path dir = Path.of(need.directory());
        boolean created = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        try {
            if (created) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            setup(need, dir);
        } catch (IOException | RuntimeException e) {
            if (created) {
                try {
                    FileTrees.delete(dir);
                } catch (IOException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e instanceof HostException h ? h : new HostException(need.fieldPath()
                    + ": cannot initialise the TPM state in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void setup(HostResource.TpmState need, Path dir) throws IOException {
        Path output = Files.createTempFile("jqemu-swtpm-setup", ".log");
        try {
            Process process = new ProcessBuilder(SETUP, "--tpm2", "--tpmstate", dir.toString(), "--createek",
                    "--overwrite", "--config", "/dev/null")
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(output.toFile())
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(setupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new HostException(need.fieldPath() + ": " + SETUP + " did not finish within "
                        + setupTimeout.toSeconds() + " s: " + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
            if (process.exitValue() != 0 || !initialised(need)) {
                throw new HostException(need.fieldPath() + ": " + SETUP + " could not initialise the TPM state in " + dir
                        + " (exit code " + process.exitValue() + "): "
                        + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(need.fieldPath() + ": interrupted while " + SETUP + " ran", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Override
    public String describe(HostResource.TpmState need, Inspection inspection) {
        return (initialised(need) ? "uses the TPM state in " : "initialises the TPM state with " + SETUP + " in ")
                + need.directory() + " (private, kept across runs)";
    }
}
