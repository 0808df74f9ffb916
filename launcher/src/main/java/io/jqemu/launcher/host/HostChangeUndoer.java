package io.jqemu.launcher.host;

import io.jqemu.launcher.host.internal.FileTrees;
import io.jqemu.launcher.host.net.MacvtapLinks;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.SriovFunctions;
import io.jqemu.launcher.host.pci.VfioBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Undoes one recorded {@link HostChange}; every undo is idempotent (safe when the change never happened). */
final class HostChangeUndoer {
    private final PciBus bus;
    private final Supplier<TapDevices> taps;
    private final Supplier<? extends MacvtapLinks> links;

    HostChangeUndoer(PciBus bus, Supplier<TapDevices> taps, Supplier<? extends MacvtapLinks> links) {
        this.bus = bus;
        this.taps = taps;
        this.links = links;
    }

    void undo(HostChange change) {
        switch (change) {
            case HostChange.DirectoryCreated d -> deleteTree(d.directory());
            case HostChange.SriovEnabled s -> new SriovFunctions(bus).enable("undo", s.physicalFunction(),
                    s.previousCount());
            case HostChange.VfioBound v -> new VfioBinder(bus).restore(v.device(), v.originalDriver());
            case HostChange.TapCreated t -> taps.get().remove(t.name());
            case HostChange.TapAttached a -> taps.get().detach(a.tap(), a.bridge());
            case HostChange.MacvtapCreated m -> links.get().remove(m.name());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new HostException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
