package io.jqemu.qmp.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.constants.platform.Errno;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketMessage;
import jnr.posix.CmsgHdr;
import jnr.posix.MsgHdr;
import jnr.posix.POSIX;

/**
 * Sends a command's bytes and one file descriptor (SCM_RIGHTS) in a single {@code sendmsg}, so the
 * descriptor rides with the command itself and no extra byte reaches QEMU's JSON parser.
 */
final class FdPassingWriter {
    static final int AGAIN = -1;
    /** SCM_RIGHTS is 1 on Linux, macOS and the BSDs; jnr-constants does not list it. */
    private static final int SCM_RIGHTS = 1;
    private static final int SOL_SOCKET = SocketLevel.SOL_SOCKET.intValue();
    private static final int MSG_NOSIGNAL = SocketMessage.MSG_NOSIGNAL.defined() ? SocketMessage.MSG_NOSIGNAL.intValue() : 0;
    private static final int EAGAIN = Errno.EAGAIN.intValue();
    private static final int EINTR = Errno.EINTR.intValue();

    private FdPassingWriter() {
    }

    /**
     * Writes {@code bytes} with {@code fd} attached.
     *
     * @param socket the connected unix socket
     * @param bytes the command
     * @param fd the descriptor to pass
     * @return bytes written (the descriptor went with the first), or {@link #AGAIN} when the socket is
     *     full or jnr-posix is still loading
     * @throws java.io.UncheckedIOException on any other error
     */
    static int send(int socket, byte[] bytes, int fd) {
        POSIX posix = NativePosix.ifReady().orElse(null);
        if (posix == null) {
            return AGAIN;
        }
        MsgHdr msg = posix.allocateMsgHdr();
        ByteBuffer data = ByteBuffer.allocateDirect(bytes.length);
        data.put(bytes).flip();
        msg.setIov(new ByteBuffer[] {data});
        CmsgHdr control = msg.allocateControl(Integer.BYTES);
        control.setLevel(SOL_SOCKET);
        control.setType(SCM_RIGHTS);
        ByteBuffer fdBytes = ByteBuffer.allocateDirect(Integer.BYTES).order(ByteOrder.nativeOrder());
        fdBytes.putInt(fd).flip();
        control.setData(fdBytes);
        while (true) {
            int n = posix.sendmsg(socket, msg, MSG_NOSIGNAL);
            if (n >= 0) {
                return n;
            }
            int errno = posix.errno();
            if (errno == EAGAIN) {
                return AGAIN;
            }
            if (errno != EINTR) {
                throw new java.io.UncheckedIOException(new java.io.IOException(
                        "sendmsg with SCM_RIGHTS failed: errno " + errno));
            }
        }
    }
}
