package io.jqemu.launcher.block;

import io.jqemu.core.model.Device;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.DiskSource;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
import io.jqemu.launcher.LauncherException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a launch open each disk's newest snapshot overlay: a disk with recorded external snapshots
 * is rendered with its chain's active image (qcow2), whose backing chain leads down to the disk's
 * own image.
 */
public final class ActiveImages {
    private ActiveImages() {
    }

    /**
     * {@code machine} with every disk that has snapshots in {@code stateDir} opening its newest overlay;
     * the same machine when none has.
     *
     * @throws LauncherException when a disk's recorded chain starts from another image than the
     *     disk's {@code path} (the machine's disk was changed after its snapshots were taken)
     */
    public static Machine apply(Machine machine, Path stateDir) {
        List<Device> devices = new ArrayList<>();
        boolean changed = false;
        for (PlacedDevice placed : machine.placedDevices()) {
            Device device = placed.device();
            if (device instanceof Disk disk && disk.source() instanceof DiskSource.ImageFile) {
                Optional<SnapshotChain> chain = SnapshotChain.load(stateDir, placed.id())
                        .filter(c -> !c.snapshots().isEmpty());
                if (chain.isPresent()) {
                    if (!chain.get().baseImage().equals(disk.source().path())) {
                        throw new LauncherException(placed.path() + ".path: " + disk.source().path() + " is not the image"
                                + " the snapshots of disk " + placed.id() + " were taken of (" + chain.get().baseImage()
                                + ", recorded in " + SnapshotChain.file(stateDir, placed.id()) + ")");
                    }
                    device = disk.withImage(chain.get().activeImage(), DiskFormat.QCOW2);
                    changed = true;
                }
            }
            devices.add(device);
        }
        return changed ? machine.toBuilder().clearDevices().devices(devices).build() : machine;
    }
}
