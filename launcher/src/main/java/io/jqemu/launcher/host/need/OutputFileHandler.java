package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPathCheck;
import java.nio.file.Path;

/** A file QEMU appends output to: its directory must exist and be writable. */
final class OutputFileHandler implements NeedHandler<HostResource.OutputFile> {
    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.OutputFile need, Inspection inspection) {
        HostPathCheck.check(need.fieldPath(), Path.of(need.path()).toAbsolutePath().getParent(),
                HostPathCheck.Kind.DIRECTORY, true);
    }

    @Override
    public String describe(HostResource.OutputFile need, Inspection inspection) {
        return "QEMU appends to " + need.path();
    }
}
