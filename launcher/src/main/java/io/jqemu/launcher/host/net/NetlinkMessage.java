package io.jqemu.launcher.host.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds one rtnetlink request: {@code nlmsghdr}, {@code ifinfomsg}, then (nested) attributes, 4-byte aligned. */
final class NetlinkMessage {
    private final ByteBuffer buffer = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());

    /** Starts a message of {@code type} with {@code flags} and an {@code ifinfomsg} for interface {@code index}. */
    NetlinkMessage(short type, short flags, int index) {
        buffer.putInt(0).putShort(type).putShort(flags).putInt(1).putInt(0);
        buffer.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(0).putInt(0);
    }

    /** Adds an attribute holding {@code data}. */
    NetlinkMessage attribute(int type, byte[] data) {
        buffer.putShort((short) (4 + data.length)).putShort((short) type).put(data);
        align();
        return this;
    }

    /** Adds a NUL-terminated string attribute. */
    NetlinkMessage string(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attribute(type, Arrays.copyOf(bytes, bytes.length + 1));
    }

    /** Adds a 32-bit attribute. */
    NetlinkMessage u32(int type, int value) {
        return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** Opens a nested attribute; close it with {@link #end(int)}. */
    int begin(int type) {
        int start = buffer.position();
        buffer.putShort((short) 0).putShort((short) type);
        return start;
    }

    /** Closes the nested attribute opened at {@code start}. */
    NetlinkMessage end(int start) {
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** The finished message. */
    byte[] bytes() {
        buffer.putInt(0, buffer.position());
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void align() {
        while (buffer.position() % 4 != 0) {
            buffer.put((byte) 0);
        }
    }
}
