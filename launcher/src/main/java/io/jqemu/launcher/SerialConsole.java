package io.jqemu.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A connection to the guest's serial console: the unix-socket chardev QEMU serves in the VM's
 * runtime directory. Reading and writing may happen on different threads at the same time.
 * QEMU drops console output while no client is connected, so open the console before the guest
 * runs (launch paused, open, then {@link RunningVm#resume()}) to see it from the first line.
 */
public final class SerialConsole implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream input;
    private final OutputStream output;

    private SerialConsole(SocketChannel channel) {
        this.channel = channel;
        this.input = new ChannelInput();
        this.output = new ChannelOutput();
    }

    /**
     * Connects to a console socket.
     *
     * @param socket the chardev's unix socket
     * @return the open console
     * @throws LauncherException when the socket does not accept
     */
    public static SerialConsole connect(Path socket) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new SerialConsole(channel);
        } catch (IOException e) {
            throw new LauncherException("cannot connect to the serial console at " + socket + ": " + e.getMessage(), e);
        }
    }

    /** What the guest writes to the console; end of stream when QEMU closes it. */
    public InputStream input() {
        return input;
    }

    /** What the guest reads from the console. */
    public OutputStream output() {
        return output;
    }

    /** Closes the connection (the guest's console stays available to a new connection). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new LauncherException("cannot close the serial console: " + e.getMessage(), e);
        }
    }

    private final class ChannelInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int n = channel.read(ByteBuffer.wrap(bytes, offset, length));
            return n;
        }

        @Override
        public void close() {
            SerialConsole.this.close();
        }
    }

    private final class ChannelOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public void close() {
            SerialConsole.this.close();
        }
    }
}
