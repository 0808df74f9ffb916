package io.jqemu.launcher.host;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.need.Application;
import io.jqemu.launcher.host.need.NeedHandlers;
import java.util.List;

/**
 * Makes the host changes of {@link HostPreparation} in an undoable order, recording each in the
 * undo journal before making it: the runtime directory, then the needs stage by stage (files,
 * SR-IOV virtual functions, vfio-pci bindings, taps and bridge ports, macvtaps; see
 * {@link io.jqemu.launcher.host.need.Stage}).
 */
final class HostChangeMaker {
    private final NeedHandlers handlers;

    HostChangeMaker(NeedHandlers handlers) {
        this.handlers = handlers;
    }

    PreparedHost make(VmPaths paths, List<HostResource> needs, UndoJournal changes) {
        paths.createStateDir();
        // the VM's own runtime directory, adopted when a crash left it behind: harmless if its line
        // is lost (see UndoJournal), so not forced to disk; checked before it is recorded, so that
        // an undo never removes a directory that failed the ownership checks
        paths.createRuntimeDir();
        changes.recordUnforced(new HostChange.DirectoryCreated(paths.runtimeDir()));
        Application applied = handlers.apply(paths, needs, changes);
        return new PreparedHost(paths, applied.ovmfVars(), applied.passthrough(), applied.taps(), applied.macvtaps(),
                handlers);
    }
}
