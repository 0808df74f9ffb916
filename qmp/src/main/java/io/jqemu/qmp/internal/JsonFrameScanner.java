package io.jqemu.qmp.internal;

import io.jqemu.qmp.QmpProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * Finds the boundaries of top-level JSON objects in a byte stream, tracking strings and escapes so
 * that braces inside strings do not count. Whitespace between objects is skipped; any other byte
 * outside an object is a protocol error, as is an object longer than the frame limit. Scanning is
 * incremental: bytes already examined are not examined again when more arrive.
 */
final class JsonFrameScanner {
    private static final byte SENTINEL = (byte) 0xFF;

    private final int maxFrameBytes;
    private int scanned;
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean awaitingSentinel;

    JsonFrameScanner(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Discards input up to and including the next 0xFF byte (guest agent resynchronisation). */
    void awaitSentinel() {
        awaitingSentinel = true;
        scanned = 0;
        depth = 0;
        inString = false;
        escaped = false;
    }

    /**
     * Returns the next complete frame, consuming it from {@code in}, or null when more bytes are needed.
     *
     * @param in accumulated input
     * @return a retained slice holding one JSON object, or null
     */
    ByteBuf next(ByteBuf in) {
        if (awaitingSentinel) {
            int at = in.indexOf(in.readerIndex(), in.writerIndex(), SENTINEL);
            if (at < 0) {
                in.skipBytes(in.readableBytes());
                return null;
            }
            in.readerIndex(at + 1);
            awaitingSentinel = false;
        }
        if (scanned == 0 && !skipToObjectStart(in)) {
            return null;
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        for (int i = start + scanned; i < end; i++) {
            byte b = in.getByte(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                int length = i - start + 1;
                checkLength(length);
                scanned = 0;
                return in.readRetainedSlice(length);
            }
        }
        scanned = end - start;
        checkLength(scanned);
        return null;
    }

    private boolean skipToObjectStart(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                in.skipBytes(1);
            } else if (b == '{') {
                return true;
            } else {
                throw new QmpProtocolException(String.format(
                        "unexpected byte 0x%02x outside a JSON object", b & 0xFF));
            }
        }
        return false;
    }

    private void checkLength(int length) {
        if (length > maxFrameBytes) {
            throw new QmpProtocolException("JSON message exceeds the frame limit of " + maxFrameBytes + " bytes");
        }
    }
}
