package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;

/** KVM asked for explicitly: {@code /dev/kvm} must be backed by a module that runs a stock guest. */
final class KvmHandler implements NeedHandler<HostResource.Kvm> {
    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.Kvm need, Inspection inspection) {
        inspection.facts().requireKvm(need.fieldPath());
    }

    @Override
    public String describe(HostResource.Kvm need, Inspection inspection) {
        return "QEMU runs the guest with KVM" + inspection.facts().kvmModule().map(m -> " (" + m + ")").orElse("");
    }
}
