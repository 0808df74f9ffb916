package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPathCheck;
import java.nio.file.Path;

/** A directory shared over 9p: it must exist, writable unless shared read-only. */
final class SharedDirectoryHandler implements NeedHandler<HostResource.SharedDirectory> {
    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.SharedDirectory need, Inspection inspection) {
        HostPathCheck.check(need.fieldPath(), Path.of(need.path()), HostPathCheck.Kind.DIRECTORY, !need.readOnly());
    }

    @Override
    public String describe(HostResource.SharedDirectory need, Inspection inspection) {
        return "QEMU shares " + need.path() + " with the guest over 9p " + (need.readOnly() ? "read-only" : "read-write");
    }
}
