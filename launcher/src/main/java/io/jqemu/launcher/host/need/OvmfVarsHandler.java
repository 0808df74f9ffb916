package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostPathCheck;
import io.jqemu.launcher.host.OvmfVarsFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The VM's own OVMF vars file: copied from the template on the first start and kept (it holds the
 * VM's UEFI settings), so it is not journaled.
 */
final class OvmfVarsHandler implements NeedHandler<HostResource.OvmfVars> {
    @Override
    public Stage stage() {
        return Stage.FILES;
    }

    @Override
    public void check(HostResource.OvmfVars need, Inspection inspection) {
        HostPathCheck.check(need.fieldPath(), Path.of(need.template()), HostPathCheck.Kind.FILE, false);
    }

    @Override
    public void apply(HostResource.OvmfVars need, Application application) {
        Path target = Path.of(need.target());
        OvmfVarsFile.ensure(need.fieldPath(), Path.of(need.template()), target);
        application.ovmfVars(target);
    }

    @Override
    public String describe(HostResource.OvmfVars need, Inspection inspection) {
        return Files.exists(Path.of(need.target()))
                ? "the VM keeps its UEFI variables in " + need.target()
                : "copies " + need.template() + " to " + need.target() + " for the VM's UEFI variables (kept)";
    }
}
