package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.net.TapDevices;
import java.util.function.Supplier;

/** A tap that must already exist; QEMU opens it by name. */
final class ExistingTapHandler implements NeedHandler<HostResource.ExistingTap> {
    private final Supplier<TapDevices> taps;

    ExistingTapHandler(Supplier<TapDevices> taps) {
        this.taps = taps;
    }

    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.ExistingTap need, Inspection inspection) {
        inspection.verify(need.fieldPath(), () -> {
            TapDevices.checkName(need.fieldPath(), need.name());
            if (!taps.get().exists(need.name())) {
                throw new HostException(need.fieldPath() + ": interface " + need.name() + " does not exist on this host");
            }
        });
        Vhost.verify(need.vhost(), need.fieldPath(), inspection);
    }

    @Override
    public String describe(HostResource.ExistingTap need, Inspection inspection) {
        return "QEMU opens the existing tap " + need.name() + " (" + Vhost.text(need.vhost(), inspection) + ")";
    }
}
