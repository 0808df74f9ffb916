package io.jqemu.launcher.host;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.need.NeedHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host prepared for one VM. {@link #close()} undoes every recorded host change in reverse order
 * (also those a previous controller recorded, when this handle came from
 * {@link HostPreparation#resume}); it is idempotent, and continues past a failing undo, reporting
 * all failures at the end.
 */
public final class PreparedHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedHost.class);
    private final VmPaths paths;
    private final Optional<Path> ovmfVars;
    private final Map<String, PciAddress> vfioDevices;
    private final List<String> taps;
    private final Map<String, Path> macvtaps;
    private final NeedHandlers undoer;
    private boolean released;

    PreparedHost(VmPaths paths, Optional<Path> ovmfVars, Map<String, PciAddress> vfioDevices,
                 List<String> taps, Map<String, Path> macvtaps, NeedHandlers undoer) {
        this.paths = paths;
        this.ovmfVars = ovmfVars;
        this.vfioDevices = Collections.unmodifiableMap(new LinkedHashMap<>(vfioDevices));
        this.taps = List.copyOf(taps);
        this.macvtaps = Collections.unmodifiableMap(new LinkedHashMap<>(macvtaps));
        this.undoer = undoer;
    }

    /** The VM's state and runtime directories. */
    public VmPaths paths() {
        return paths;
    }

    /** The VM's OVMF vars file, when it boots with OVMF. */
    public Optional<Path> ovmfVars() {
        return ovmfVars;
    }

    /**
     * The host addresses bound to vfio-pci, by configuration field (for an SR-IOV virtual
     * function, the address of the function that was enabled).
     */
    public Map<String, PciAddress> vfioDevices() {
        return vfioDevices;
    }

    /** The taps created for this VM. */
    public List<String> taps() {
        return taps;
    }

    /** The macvtaps created for this VM, by name, with the character device QEMU's fd comes from. */
    public Map<String, Path> macvtaps() {
        return macvtaps;
    }

    /** The host changes still recorded as not undone, oldest first. */
    public List<HostChange> pendingChanges() {
        return paths.journal().pending().stream().map(UndoJournal.Entry::change).toList();
    }

    /**
     * Keeps the disk images this preparation created: the VM (or hot-plugged disk) has started with
     * them, so they are the user's data and {@link #close()} leaves them. Before this, a failed start
     * removes them.
     *
     * @return the images kept
     */
    public synchronized List<Path> keepCreatedImages() {
        List<Path> kept = new ArrayList<>();
        UndoJournal journal = paths.journal();
        for (UndoJournal.Entry entry : journal.pending()) {
            if (entry.change() instanceof HostChange.ImageCreated created) {
                journal.markKept(entry);
                kept.add(created.image());
                LOG.info("keeping the disk image {} created for {}", created.image(), created.fieldPath());
            }
        }
        return List.copyOf(kept);
    }

    /** Whether {@link #close()} has run to completion. */
    public synchronized boolean released() {
        return released;
    }

    /**
     * Undoes every pending host change, newest first.
     *
     * @throws HostException naming every change that could not be undone (they stay pending
     *                       for a later {@link HostPreparation#reconcile})
     */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        undoAll(paths.journal(), undoer);
        released = true;
    }

    static void undoAll(UndoJournal journal, NeedHandlers undoer) {
        List<UndoJournal.Entry> pending = new ArrayList<>(journal.pending());
        Collections.reverse(pending);
        List<String> failures = new ArrayList<>();
        HostException first = null;
        for (UndoJournal.Entry entry : pending) {
            try {
                undoer.undo(entry.change());
                journal.markUndone(entry);
                LOG.debug("undone: {}", entry.change().describe());
            } catch (RuntimeException e) {
                LOG.warn("could not undo '{}': {}", entry.change().describe(), e.getMessage());
                failures.add(entry.change().describe() + ": " + e.getMessage());
                if (first == null) {
                    first = new HostException("", e);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new HostException("could not undo " + failures.size() + " host change(s), still recorded in "
                    + journal.file() + ": " + String.join("; ", failures), first.getCause());
        }
        journal.deleteIfDone();
    }
}
