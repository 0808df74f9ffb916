package io.jqemu.launcher.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlays, rebases and conversions with the installation's real {@code qemu-img}. */
@RequiresQemu
class QemuImgChainTest {
    private static final long MIB = 1L << 20;

    private final QemuImg qemuImg = QemuImg.besideQemu(QemuBinary.path());

    @TempDir
    Path dir;

    @Test
    void anOverlayWithASizeDoesNotOpenItsBackingAndIsPrivate() throws Exception {
        Path overlay = dir.resolve("s1.qcow2");

        qemuImg.createOverlay(overlay, OptionalLong.of(8 * MIB), Optional.of(dir.resolve("absent.raw").toString()), "raw");

        ImageInfo info = qemuImg.info(overlay);
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.virtualSize()).isEqualTo(8 * MIB);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(overlay))).isEqualTo("rw-------");
    }

    @Test
    void anOverlayIsNeverWrittenOverAnExistingFileAndNeedsASizeWithoutABacking() throws Exception {
        Path existing = Files.writeString(dir.resolve("mine.qcow2"), "user data");

        assertThatThrownBy(() -> qemuImg.createOverlay(existing, OptionalLong.of(MIB), Optional.empty(), "qcow2"))
                .isInstanceOf(QemuImg.FileExistsException.class);
        assertThat(Files.readString(existing)).isEqualTo("user data");
        Path standalone = dir.resolve("standalone.qcow2");
        assertThatThrownBy(() -> qemuImg.createOverlay(standalone, OptionalLong.empty(), Optional.empty(), "qcow2"))
                .isInstanceOf(ImageException.class).hasMessageContaining("needs a size");
        assertThat(standalone).doesNotExist();
    }

    @Test
    void aRebasedChainConvertsIntoOneImageHoldingEveryLayersData() throws Exception {
        Path base = dir.resolve("base.raw");
        qemuImg.create(base, "raw", 4 * MIB, Optional.empty());
        write(base, 0, (byte) 0x11);
        Path top = dir.resolve("top.qcow2");
        qemuImg.createOverlay(top, OptionalLong.empty(), Optional.of(base.toString()), "raw");
        assertThat(qemuImg.info(top).virtualSize()).isEqualTo(4 * MIB);
        Path moved = Files.move(base, dir.resolve("elsewhere.raw"));

        qemuImg.rebaseUnsafe(top, moved, "raw");
        Path flat = dir.resolve("flat.raw");
        qemuImg.convert(top, flat, "raw");

        assertThat(Files.size(flat)).isEqualTo(4 * MIB);
        byte[] first = new byte[512];
        try (RandomAccessFile f = new RandomAccessFile(flat.toFile(), "r")) {
            f.readFully(first);
        }
        byte[] expected = new byte[512];
        Arrays.fill(expected, (byte) 0x11);
        assertThat(first).isEqualTo(expected);
        assertThatThrownBy(() -> qemuImg.convert(top, flat, "raw")).isInstanceOf(QemuImg.FileExistsException.class);
    }

    @Test
    void aFailedConversionLeavesNoTargetBehind() {
        Path target = dir.resolve("never.raw");

        assertThatThrownBy(() -> qemuImg.convert(dir.resolve("absent.qcow2"), target, "raw"))
                .isInstanceOf(ImageException.class).hasMessageContaining("qemu-img convert failed");
        assertThat(target).doesNotExist();
    }

    private static void write(Path file, long offset, byte value) throws Exception {
        byte[] block = new byte[512];
        Arrays.fill(block, value);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(block);
        }
    }
}
