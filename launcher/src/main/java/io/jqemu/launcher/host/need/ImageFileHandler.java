package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPathCheck;
import java.nio.file.Path;

/** An image file QEMU opens: a readable regular file, writable when the VM writes to it. */
final class ImageFileHandler implements NeedHandler<HostResource.ImageFile> {
    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.ImageFile need, Inspection inspection) {
        HostPathCheck.check(need.fieldPath(), Path.of(need.path()), HostPathCheck.Kind.FILE,
                need.access() == HostResource.Access.READ_WRITE);
    }

    @Override
    public String describe(HostResource.ImageFile need, Inspection inspection) {
        return "QEMU opens " + need.path() + " " + Access.text(need.access());
    }
}
