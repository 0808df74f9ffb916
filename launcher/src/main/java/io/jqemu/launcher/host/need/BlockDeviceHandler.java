package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPathCheck;
import java.nio.file.Path;

/** A host block device QEMU opens: readable, writable when the VM writes to it. */
final class BlockDeviceHandler implements NeedHandler<HostResource.BlockDevice> {
    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.BlockDevice need, Inspection inspection) {
        HostPathCheck.check(need.fieldPath(), Path.of(need.path()), HostPathCheck.Kind.BLOCK_DEVICE,
                need.access() == HostResource.Access.READ_WRITE);
    }

    @Override
    public String describe(HostResource.BlockDevice need, Inspection inspection) {
        return "QEMU opens block device " + need.path() + " " + Access.text(need.access());
    }
}
