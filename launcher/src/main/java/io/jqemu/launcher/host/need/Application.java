package io.jqemu.launcher.host.need;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.host.VmPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass applying a VM's needs: the journal every change is recorded in before it is made, and
 * what was prepared (for {@link io.jqemu.launcher.host.PreparedHost}).
 */
public final class Application {
    private final VmPaths paths;
    private final UndoJournal journal;
    private final Map<String, PciAddress> passthrough = new LinkedHashMap<>();
    private final List<String> taps = new ArrayList<>();
    private final Map<String, Path> macvtaps = new LinkedHashMap<>();
    private Optional<Path> ovmfVars = Optional.empty();

    Application(VmPaths paths, UndoJournal journal) {
        this.paths = paths;
        this.journal = journal;
    }

    /** The VM's state and runtime directories. */
    public VmPaths paths() {
        return paths;
    }

    /** Records {@code change} durably; call it before making the change. */
    UndoJournal.Entry record(HostChange change) {
        return journal.record(change);
    }

    /**
     * Makes a change that is all or nothing: when it fails, its entry is marked undone, so that the
     * undo never touches what someone else made under the same name meanwhile.
     */
    void neverMadeOnFailure(UndoJournal.Entry entry, Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            journal.markUndone(entry);
            throw e;
        }
    }

    void claimPassthrough(String fieldPath, PciAddress device) {
        passthrough.put(fieldPath, device);
    }

    void ovmfVars(Path file) {
        ovmfVars = Optional.of(file);
    }

    void tapCreated(String name) {
        taps.add(name);
    }

    void macvtapCreated(String name, Path characterDevice) {
        macvtaps.put(name, characterDevice);
    }

    /** The VM's OVMF vars file, when it boots with OVMF. */
    public Optional<Path> ovmfVars() {
        return ovmfVars;
    }

    /** The devices passed through, by the field that asked for each. */
    public Map<String, PciAddress> passthrough() {
        return Collections.unmodifiableMap(passthrough);
    }

    /** The taps created. */
    public List<String> taps() {
        return List.copyOf(taps);
    }

    /** The macvtaps created, with their character devices. */
    public Map<String, Path> macvtaps() {
        return Collections.unmodifiableMap(macvtaps);
    }
}
