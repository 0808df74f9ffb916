package io.jqemu.core.model;

import io.jqemu.core.JqemuException;
import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.KeyValueOptions;
import java.util.List;

/**
 * A TPM 2.0 (id {@code tpm0}): a {@code tpm-crb} device (the interface of q35 machines, the only
 * machines jqemu builds) on QEMU's {@code emulator} back-end, which talks to an {@code swtpm} the
 * launcher starts and supervises. swtpm's control socket ({@value #SOCKET_NAME}) is in the VM's private
 * runtime directory; the TPM's state ({@value #STATE_DIR_NAME} in the VM's state directory) is kept
 * across runs and initialised with {@code swtpm_setup} on first use; swtpm's output goes to
 * {@value #LOG_NAME} in the state directory.
 */
public record Tpm() implements Device {
    /** swtpm's control socket in the runtime directory. */
    public static final String SOCKET_NAME = "swtpm.sock";
    /** The TPM's state directory in the VM's state directory. */
    public static final String STATE_DIR_NAME = "tpm";
    /** swtpm's log file in the VM's state directory. */
    public static final String LOG_NAME = "swtpm.log";

    @Override
    public String field() {
        return "tpm";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public String idPrefix() {
        return "tpm";
    }

    @Override
    public void validate(DeviceCheck check) {
        // nothing to choose: a TPM 2.0 emulated by swtpm
    }

    /** The chardev to swtpm, the {@code emulator} back-end on it, and the {@code tpm-crb} device. */
    @Override
    public void render(DeviceRendering out) {
        String stateDir = out.context().stateDir().orElseThrow(() -> new JqemuException(
                "tpm: a machine with a TPM needs RenderContext.stateDir, where the launcher keeps the TPM's state"));
        String socket = out.context().runtimeDir() + "/" + SOCKET_NAME;
        String tpmState = stateDir + "/" + STATE_DIR_NAME;
        String chardev = "chr" + out.id();
        String backend = "tpmdev-" + out.id();
        out.needs(new HostResource.TpmState(tpmState, out.path()));
        out.needs(new HostResource.HelperDaemon("swtpm", List.of("swtpm", "socket", "--tpm2",
                "--ctrl", "type=unixio,path=" + socket + ",mode=0600",
                "--tpmstate", "dir=" + tpmState + ",mode=0600",
                "--terminate"), socket, stateDir + "/" + LOG_NAME, "Debian package swtpm", out.path()));
        out.commandLine("-chardev", KeyValueOptions.leading("socket").add("id", chardev).add("path", socket));
        out.commandLine("-tpmdev", KeyValueOptions.leading("emulator").add("id", backend).add("chardev", chardev));
        out.device("tpm-crb", out.json().put("tpmdev", backend));
    }
}
