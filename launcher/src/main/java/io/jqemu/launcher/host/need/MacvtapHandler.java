package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.host.net.MacvtapLinks;
import io.jqemu.launcher.host.net.TapDevices;
import java.util.function.Supplier;

/**
 * A macvtap the launcher creates on a parent link with the guest's MAC; the launcher opens its
 * {@code /dev/tapN} for QEMU. Journaled as {@link HostChange.MacvtapCreated}, undone by deleting it.
 */
final class MacvtapHandler implements NeedHandler<HostResource.MacvtapToCreate> {
    private final Supplier<TapDevices> taps;
    private final Supplier<? extends MacvtapLinks> links;

    MacvtapHandler(Supplier<TapDevices> taps, Supplier<? extends MacvtapLinks> links) {
        this.taps = taps;
        this.links = links;
    }

    @Override
    public Stage stage() {
        return Stage.MACVTAPS;
    }

    @Override
    public void check(HostResource.MacvtapToCreate need, Inspection inspection) {
        inspection.verify(need.fieldPath(), () -> NewInterface.check(need.fieldPath(), need.name(), "parent link",
                need.parent(), taps, inspection));
        Vhost.verify(need.vhost(), need.fieldPath(), inspection);
    }

    @Override
    public void apply(HostResource.MacvtapToCreate need, Application application) {
        UndoJournal.Entry created = application.record(new HostChange.MacvtapCreated(need.name()));
        application.neverMadeOnFailure(created, () -> application.macvtapCreated(need.name(),
                links.get().createMacvtap(need.fieldPath(), need.name(), need.parent(), need.mode(), need.mac())));
    }

    void undo(HostChange.MacvtapCreated change) {
        links.get().remove(change.name());
    }

    @Override
    public String describe(HostResource.MacvtapToCreate need, Inspection inspection) {
        return "creates macvtap " + need.name() + " on " + need.parent() + " (" + need.mode().linkMode()
                + " mode, MAC " + need.mac() + ", " + Vhost.text(need.vhost(), inspection) + "), removed when the VM stops";
    }
}
