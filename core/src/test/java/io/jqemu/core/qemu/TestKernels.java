package io.jqemu.core.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest file QEMU's x86 loader accepts as a Linux bzImage: a boot-protocol 2.06 setup header
 * (4 setup sectors, loaded high) and a page of empty payload. QEMU loads it into guest memory at
 * machine creation, so a {@code -S} QEMU proves {@code -kernel}/{@code -initrd} were read; the guest
 * never runs it.
 */
public final class TestKernels {
    private static final int SETUP_SECTORS = 4;

    private TestKernels() {
    }

    /** Writes the fake bzImage to {@code file} and returns it. */
    public static Path writeBzImage(Path file) throws IOException {
        ByteBuffer image = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        image.put(0x1f1, (byte) SETUP_SECTORS);
        image.putShort(0x1fe, (short) 0xaa55);
        image.put(0x202, (byte) 'H').put(0x203, (byte) 'd').put(0x204, (byte) 'r').put(0x205, (byte) 'S');
        image.putShort(0x206, (short) 0x0206);          // boot protocol version
        image.put(0x211, (byte) 0x01);                   // loadflags: LOADED_HIGH
        image.putInt(0x22c, 0x37ffffff);                 // initrd_addr_max
        image.putInt(0x238, 2047);                       // cmdline_size
        return Files.write(file, image.array());
    }

    /** Writes a small initrd (any bytes will do for a kernel that never runs) to {@code file} and returns it. */
    public static Path writeInitrd(Path file) throws IOException {
        return Files.write(file, new byte[1024]);
    }
}
