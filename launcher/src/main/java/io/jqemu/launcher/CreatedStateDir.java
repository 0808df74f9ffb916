package io.jqemu.launcher;

import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.host.internal.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VM's state directory as a launch found it: when the launch fails, a directory the launch
 * created is removed with everything in it, and one that existed before (OVMF vars of earlier
 * runs, their log) is kept. A directory whose undo journal still lists changes is kept too: a
 * later reconcile needs it.
 */
final class CreatedStateDir {
    private static final Logger LOG = LoggerFactory.getLogger(CreatedStateDir.class);

    private final Path dir;
    private final boolean createdNow;

    private CreatedStateDir(Path dir, boolean createdNow) {
        this.dir = dir;
        this.createdNow = createdNow;
    }

    /** Notes whether {@code stateDir} exists before the launch. */
    static CreatedStateDir before(Path stateDir) {
        return new CreatedStateDir(stateDir, !Files.exists(stateDir, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * Removes the directory when the launch created it and no host change is left recorded in it.
     * Symbolic links inside are removed, never followed.
     *
     * @throws HostException when it cannot be removed
     */
    void undo() {
        if (!createdNow || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(dir.resolve(UndoJournal.FILE_NAME))) {
            LOG.warn("keeping {}: host changes are still recorded in it", dir);
            return;
        }
        try {
            FileTrees.delete(dir);
            LOG.debug("removed the state directory {} the failed launch had created", dir);
        } catch (IOException e) {
            throw new HostException("cannot remove the state directory " + dir + " the failed launch created: "
                    + e.getMessage(), e);
        }
    }
}
