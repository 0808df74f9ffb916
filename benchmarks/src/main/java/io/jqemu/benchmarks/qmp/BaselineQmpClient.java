package io.jqemu.benchmarks.qmp;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The floor to compare against: a minimal blocking QMP client on the JDK's own UNIX
 * {@link SocketChannel}. One command at a time, no id matching, no JSON parsing: it writes the
 * request and reads until a line holding {@code "return"} (skipping event lines).
 * {@link #queryStatusBatch} measures QEMU's own pipelining ceiling the same way.
 *
 * <p>The requests are byte for byte the ones jqemu's client writes ({@code "id":0} for one command,
 * ids 0 to 7 for eight in flight): QEMU 7.2's monitor reads one byte per main-loop iteration, so
 * the request's length is part of the round trip. {@link #queryStatusWithoutId} sends the shortest
 * request QEMU accepts, with no id at all, for reference.
 */
final class BaselineQmpClient implements AutoCloseable {
    private static final byte[] QUERY_STATUS_WITHOUT_ID = "{\"execute\":\"query-status\"}"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUERY_STATUS = queryStatusWithId(0);
    /** Whitespace appended by {@link #queryStatusPadded}: QEMU's JSON parser skips it, byte by byte. */
    static final int PADDING = 1024;
    private static final byte[] QUERY_STATUS_PADDED = (new String(QUERY_STATUS, StandardCharsets.US_ASCII)
            + " ".repeat(PADDING)).getBytes(StandardCharsets.US_ASCII);
    private final SocketChannel socket;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
    private final ByteBuffer out = ByteBuffer.allocateDirect(4096);

    private BaselineQmpClient(SocketChannel socket) {
        this.socket = socket;
    }

    static BaselineQmpClient connect(Path path, boolean oob) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX);
                s.connect(UnixDomainSocketAddress.of(path));
                BaselineQmpClient c = new BaselineQmpClient(s);
                c.readLine();
                c.execute(("{\"execute\":\"qmp_capabilities\"" + (oob ? ",\"arguments\":{\"enable\":[\"oob\"]}" : "")
                        + "}").getBytes(StandardCharsets.US_ASCII));
                return c;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    /**
     * Writes {@code count} query-status requests in one write, then reads their {@code count} replies:
     * how fast QEMU itself works through a full queue.
     *
     * @param count requests per batch (at most 8 with OOB)
     * @return the last reply line
     */
    String queryStatusBatch(int count) throws IOException {
        out.clear();
        for (int i = 0; i < count; i++) {
            out.put(queryStatusWithId(i));
        }
        out.flip();
        while (out.hasRemaining()) {
            socket.write(out);
        }
        String last = null;
        for (int replies = 0; replies < count; ) {
            String chunk = readLine();
            for (String line : chunk.split("\n")) {
                if (line.contains("\"return\"") || line.contains("\"error\"")) {
                    replies++;
                    last = line;
                }
            }
        }
        return last;
    }

    /**
     * Keeps {@code window} query-status requests in flight (ids 0 to window-1, reused in turn): one
     * more is written whenever a reply arrives, until {@code total} replies have been read. The
     * rolling window jqemu's client keeps, without ids matched or JSON parsed.
     *
     * @param window requests in flight (at most 8 with OOB)
     * @param total replies to read
     * @return the last reply line
     */
    String queryStatusRolling(int window, int total) throws IOException {
        int sent = 0;
        for (; sent < window; sent++) {
            write(queryStatusWithId(sent % window));
        }
        String last = null;
        for (int replies = 0; replies < total; ) {
            String chunk = readLine();
            for (String line : chunk.split("\n")) {
                if (line.contains("\"return\"") || line.contains("\"error\"")) {
                    replies++;
                    last = line;
                    if (sent < total) {
                        write(queryStatusWithId(sent % window));
                        sent++;
                    }
                }
            }
        }
        return last;
    }

    /**
     * The request jqemu sends followed by {@value #PADDING} spaces: the difference to
     * {@link #queryStatus} is what QEMU spends reading that many bytes.
     *
     * @return the raw reply line
     */
    String queryStatusPadded() throws IOException {
        return execute(QUERY_STATUS_PADDED);
    }

    /** @return the raw reply line of {@code query-status}, sent with {@code "id":0} as jqemu sends it */
    String queryStatus() throws IOException {
        return execute(QUERY_STATUS);
    }

    /** @return the raw reply line of {@code query-status}, sent without an id (7 bytes shorter) */
    String queryStatusWithoutId() throws IOException {
        return execute(QUERY_STATUS_WITHOUT_ID);
    }

    private static byte[] queryStatusWithId(int id) {
        return ("{\"execute\":\"query-status\",\"id\":" + id + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private void write(byte[] request) throws IOException {
        out.clear();
        out.put(request).flip();
        while (out.hasRemaining()) {
            socket.write(out);
        }
    }

    private String execute(byte[] request) throws IOException {
        write(request);
        while (true) {
            String line = readLine();
            if (line.contains("\"return\"") || line.contains("\"error\"")) {
                return line;
            }
        }
    }

    private String readLine() throws IOException {
        in.clear();
        while (true) {
            if (socket.read(in) < 0) {
                throw new IOException("QEMU closed the monitor");
            }
            int end = in.position();
            if (end > 0 && in.get(end - 1) == '\n') {
                byte[] bytes = new byte[end];
                in.flip();
                in.get(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
