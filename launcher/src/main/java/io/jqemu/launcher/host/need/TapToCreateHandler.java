package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.host.net.TapDevices;
import java.util.function.Supplier;

/**
 * A persistent tap the launcher creates, brings up and adds to an existing bridge (QEMU opens it by
 * name); journaled as {@link HostChange.TapCreated} and {@link HostChange.TapAttached}, undone by
 * removing the port and the tap.
 */
final class TapToCreateHandler implements NeedHandler<HostResource.TapToCreate> {
    private final Supplier<TapDevices> taps;

    TapToCreateHandler(Supplier<TapDevices> taps) {
        this.taps = taps;
    }

    @Override
    public Stage stage() {
        return Stage.TAPS;
    }

    @Override
    public void check(HostResource.TapToCreate need, Inspection inspection) {
        inspection.verify(need.fieldPath(), () -> NewInterface.check(need.fieldPath(), need.name(), "bridge",
                need.bridge(), taps, inspection));
        Vhost.verify(need.vhost(), need.fieldPath(), inspection);
    }

    @Override
    public void apply(HostResource.TapToCreate need, Application application) {
        UndoJournal.Entry created = application.record(new HostChange.TapCreated(need.name()));
        // create is all or nothing: when it fails there is no tap of ours to delete (and a same-named
        // interface that appeared meanwhile must not be)
        application.neverMadeOnFailure(created, () -> taps.get().create(need.fieldPath(), need.name()));
        application.tapCreated(need.name());
        application.record(new HostChange.TapAttached(need.name(), need.bridge()));
        taps.get().attach(need.fieldPath(), need.name(), need.bridge());
    }

    void undo(HostChange.TapCreated change) {
        taps.get().remove(change.name());
    }

    void undo(HostChange.TapAttached change) {
        taps.get().detach(change.tap(), change.bridge());
    }

    @Override
    public String describe(HostResource.TapToCreate need, Inspection inspection) {
        return "creates tap " + need.name() + " on bridge " + need.bridge() + " (" + Vhost.text(need.vhost(), inspection)
                + "), removed when the VM stops";
    }
}
