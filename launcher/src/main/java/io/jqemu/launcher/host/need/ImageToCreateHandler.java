package io.jqemu.launcher.host.need;

import io.jqemu.core.model.DiskSize;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostPathCheck;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.image.ImageException;
import io.jqemu.launcher.image.QemuImg;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk image created when it is missing, with the {@code qemu-img} beside the VM's QEMU.
 *
 * <ul>
 *   <li>An existing file is never overwritten: it is checked like any image file and used as it is
 *       (logged), whatever its size; when its format disagrees with the disk's (a qcow2 file for a
 *       raw disk, or the other way round) the launch is refused, since QEMU would show the guest the
 *       qcow2 metadata as data or fail to open it.</li>
 *   <li>A missing file is journaled ({@link HostChange.ImageCreated}) before it is made, so a launch
 *       that fails afterwards, or a controller that dies during the start, removes it. Once the VM has
 *       started, the launcher marks it kept: from then on it is the user's data and stays when the
 *       VM stops.</li>
 * </ul>
 */
final class ImageToCreateHandler implements NeedHandler<HostResource.ImageToCreate> {
    private static final Logger LOG = LoggerFactory.getLogger(ImageToCreateHandler.class);
    private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};

    private final ImageFileHandler imageFile;

    ImageToCreateHandler(ImageFileHandler imageFile) {
        this.imageFile = imageFile;
    }

    @Override
    public Stage stage() {
        return Stage.FILES;
    }

    @Override
    public void check(HostResource.ImageToCreate need, Inspection inspection) {
        Path file = Path.of(need.image().path());
        String pathField = need.image().fieldPath();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.exists(file)) {
            inspection.verify(pathField, () -> {
                imageFile.check(need.image(), inspection);
                checkFormat(need, file);
            });
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        inspection.verify(pathField, () -> {
            if (!Files.isDirectory(dir)) {
                throw new HostException(pathField + ": " + file + " does not exist and cannot be created: "
                        + dir + " is not a directory");
            }
            if (!Files.isWritable(dir)) {
                throw new HostException(pathField + ": " + file + " does not exist and cannot be created: "
                        + dir + " is not writable by this user");
            }
        });
        need.backing().ifPresent(b -> inspection.verify(need.fieldPath() + ".backing", () ->
                HostPathCheck.check(need.fieldPath() + ".backing", Path.of(b), HostPathCheck.Kind.FILE, false)));
        if (QemuImg.find(need.qemuBinary()).isEmpty()) {
            throw new HostException(need.fieldPath() + ": qemu-img, which creates " + file + ", was not found beside "
                    + need.qemuBinary() + " nor on PATH (Debian: apt-get install qemu-utils)");
        }
    }

    private static void checkFormat(HostResource.ImageToCreate need, Path file) {
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new HostException(need.image().fieldPath() + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        boolean qcow2 = read == 4 && Arrays.equals(head, QCOW2_MAGIC);
        if (qcow2 != need.format().equals("qcow2")) {
            throw new HostException(need.image().fieldPath() + ": " + file + " exists and is " + (qcow2 ? "a qcow2" : "not a qcow2")
                    + " image, but the disk's format is " + need.format() + "; jqemu never overwrites an existing file: "
                    + "fix the format or remove the file");
        }
    }

    @Override
    public void apply(HostResource.ImageToCreate need, Application application) {
        Path file = Path.of(need.image().path());
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            LOG.info("{}: {} exists; using it as it is (never overwritten, its size is not changed)",
                    need.fieldPath(), file);
            return;
        }
        QemuImg qemuImg;
        try {
            qemuImg = QemuImg.besideQemu(need.qemuBinary());
        } catch (ImageException e) {
            throw new HostException(need.fieldPath() + ": " + e.getMessage(), e);
        }
        UndoJournal.Entry entry = application.record(new HostChange.ImageCreated(need.fieldPath(), file));
        try {
            qemuImg.create(file, need.format(), need.sizeBytes(), need.backing().map(Path::of));
        } catch (QemuImg.FileExistsException e) {
            // someone else made it meanwhile: not ours to remove
            application.neverMadeOnFailure(entry, () -> {
                throw new HostException(need.image().fieldPath() + ": " + e.getMessage(), e);
            });
        } catch (ImageException e) {
            // create() removed what it made; the entry's undo is a harmless no-op
            throw new HostException(need.fieldPath() + ": " + e.getMessage(), e);
        }
    }

    void undo(HostChange.ImageCreated change) {
        try {
            if (Files.deleteIfExists(change.image())) {
                LOG.info("removed the disk image {} created for a start that failed", change.image());
            }
        } catch (IOException e) {
            throw new HostException("cannot remove " + change.image() + ", created for " + change.fieldPath()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe(HostResource.ImageToCreate need, Inspection inspection) {
        Path file = Path.of(need.image().path());
        if (Files.exists(file)) {
            return "QEMU opens " + file + " " + Access.text(need.image().access())
                    + " (exists: never overwritten, its size is not changed)";
        }
        return "creates the " + need.format() + " image " + file + " of " + DiskSize.describe(need.sizeBytes())
                + need.backing().map(b -> " on backing " + b).orElse("")
                + " with qemu-img (kept once the VM has started; removed if the start fails)";
    }
}
