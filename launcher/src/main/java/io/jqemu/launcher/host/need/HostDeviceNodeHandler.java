package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPathCheck;
import java.nio.file.Path;

/** A host character device QEMU opens (serial or parallel port, entropy source): readable and writable. */
final class HostDeviceNodeHandler implements NeedHandler<HostResource.HostDeviceNode> {
    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.HostDeviceNode need, Inspection inspection) {
        HostPathCheck.check(need.fieldPath(), Path.of(need.path()), HostPathCheck.Kind.CHARACTER_DEVICE, true);
    }

    @Override
    public String describe(HostResource.HostDeviceNode need, Inspection inspection) {
        return "QEMU opens device " + need.path() + " read-write";
    }
}
