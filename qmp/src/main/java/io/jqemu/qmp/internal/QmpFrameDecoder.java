package io.jqemu.qmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Netty decoder: bytes to {@link QmpMessage}s. Once the peer violates the protocol the decoder
 * raises one {@link io.jqemu.qmp.QmpProtocolException} and ignores every later byte.
 */
public final class QmpFrameDecoder extends ByteToMessageDecoder {
    private final JsonFrameScanner scanner;
    private boolean failed;

    /**
     * Creates a decoder.
     *
     * @param maxFrameBytes the largest JSON message accepted
     */
    public QmpFrameDecoder(int maxFrameBytes) {
        this.scanner = new JsonFrameScanner(maxFrameBytes);
    }

    /** Discards input up to the next 0xFF byte (the guest agent's {@code guest-sync-delimited} sentinel). */
    public void awaitSentinel() {
        scanner.awaitSentinel();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            ByteBuf frame;
            while ((frame = scanner.next(in)) != null) {
                try {
                    out.add(QmpMessageParser.parse(frame));
                } finally {
                    frame.release();
                }
            }
        } catch (RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }
}
