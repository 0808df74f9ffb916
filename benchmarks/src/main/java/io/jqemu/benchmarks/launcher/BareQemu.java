package io.jqemu.benchmarks.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The baseline: spawn QEMU from an argv and talk QMP over a plain socket until
 * {@code qmp_capabilities} is answered; no library in between.
 */
final class BareQemu implements AutoCloseable {
    private final Process process;
    private final SocketChannel channel;

    private BareQemu(Process process, SocketChannel channel) {
        this.process = process;
        this.channel = channel;
    }

    /** Starts QEMU with {@code argv} and waits until its monitor at {@code qmpSocket} has negotiated. */
    static BareQemu start(List<String> argv, Path qmpSocket) throws IOException, InterruptedException {
        Files.deleteIfExists(qmpSocket);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        SocketChannel channel = connect(qmpSocket, process);
        readUntil(channel, "\"QMP\"");
        channel.write(ByteBuffer.wrap("{\"execute\":\"qmp_capabilities\"}\n".getBytes(StandardCharsets.UTF_8)));
        readUntil(channel, "\"return\"");
        return new BareQemu(process, channel);
    }

    /** Spawns QEMU with {@code argv} (output discarded), as the bare baseline's loop does. */
    static Process spawn(List<String> argv, Path qmpSocket) throws IOException {
        Files.deleteIfExists(qmpSocket);
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Connects to a QEMU spawned by {@link #spawn} and negotiates capabilities on its monitor. */
    static BareQemu negotiate(Process process, Path qmpSocket) throws IOException, InterruptedException {
        SocketChannel channel = connect(qmpSocket, process);
        readUntil(channel, "\"QMP\"");
        channel.write(ByteBuffer.wrap("{\"execute\":\"qmp_capabilities\"}\n".getBytes(StandardCharsets.UTF_8)));
        readUntil(channel, "\"return\"");
        return new BareQemu(process, channel);
    }

    /** Sends one command line and waits for its {@code return}. */
    String execute(String json) throws IOException {
        channel.write(ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8)));
        return readUntil(channel, "\"return\"");
    }

    private static SocketChannel connect(Path socket, Process process) throws IOException, InterruptedException {
        while (true) {
            try {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("QEMU exited: " + process.exitValue(), e);
                }
                Thread.sleep(1);
            }
        }
    }

    private static String readUntil(SocketChannel channel, String marker) throws IOException {
        StringBuilder got = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (true) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new IOException("QMP closed; got " + got);
            }
            got.append(StandardCharsets.UTF_8.decode(buffer.flip()));
            int at = got.indexOf(marker);
            if (at >= 0 && got.indexOf("\n", at) >= 0) {
                return got.toString();
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        channel.close();
        process.destroyForcibly();
        process.waitFor();
    }
}
