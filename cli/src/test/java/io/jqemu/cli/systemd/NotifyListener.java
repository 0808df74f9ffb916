package io.jqemu.cli.systemd;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A fake {@code $NOTIFY_SOCKET}: a unix datagram socket bound to a path or to an abstract name,
 * as systemd binds its own, collecting every message sent to it. Its address is encoded here by
 * hand, apart from the production code's.
 */
public final class NotifyListener implements AutoCloseable {

    /** The libc calls the listener needs. */
    public interface Libc {
        /** socket(2). */
        @SaveError
        int socket(int domain, int type, int protocol);

        /** bind(2). */
        @SaveError
        int bind(int fd, @In byte[] address, int length);

        /** recv(2). */
        @SaveError
        long recv(int fd, @Out byte[] buffer, long length, int flags);

        /** close(2). */
        int close(int fd);
    }

    private static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    private final int fd;
    private final String address;
    private final List<Received> messages = new ArrayList<>();

    /**
     * One message and when it came.
     *
     * @param text     the datagram's text
     * @param nanoTime {@link System#nanoTime()} when it was read
     */
    public record Received(String text, long nanoTime) {
    }

    private NotifyListener(int fd, String address) {
        this.fd = fd;
        this.address = address;
    }

    /** A listener bound to the file {@code path}. */
    public static NotifyListener atPath(Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        byte[] address = new byte[2 + name.length + 1];
        address[0] = 1; // AF_UNIX, little-endian
        System.arraycopy(name, 0, address, 2, name.length);
        return bind(address, path.toString());
    }

    /** A listener bound to the abstract name {@code name}; its address is {@code @name}. */
    public static NotifyListener abstractName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] address = new byte[2 + 1 + bytes.length];
        address[0] = 1;
        System.arraycopy(bytes, 0, address, 3, bytes.length);
        return bind(address, "@" + name);
    }

    private static NotifyListener bind(byte[] address, String value) {
        int fd = LIBC.socket(1, 2, 0);
        if (fd < 0 || LIBC.bind(fd, address, address.length) != 0) {
            throw new IllegalStateException("cannot bind " + value + ": errno "
                    + LastError.getLastError(jnr.ffi.Runtime.getRuntime(LIBC)));
        }
        return new NotifyListener(fd, value);
    }

    /** The value for {@code $NOTIFY_SOCKET}. */
    public String address() {
        return address;
    }

    /** Every message received so far, reading what is waiting first. */
    public synchronized List<Received> messages() {
        byte[] buffer = new byte[4096];
        while (true) {
            long n = LIBC.recv(fd, buffer, buffer.length, MSG_DONTWAIT);
            if (n < 0) {
                int errno = LastError.getLastError(jnr.ffi.Runtime.getRuntime(LIBC));
                if (errno != EAGAIN) {
                    throw new IllegalStateException("recv on " + address + ": errno " + errno);
                }
                return List.copyOf(messages);
            }
            messages.add(new Received(new String(buffer, 0, (int) n, StandardCharsets.UTF_8), System.nanoTime()));
        }
    }

    /**
     * Waits for a message that {@code wanted} accepts, running {@code onArrival} as soon as it is seen.
     *
     * @return the message, or empty when none came within {@code timeout}
     */
    public Optional<Received> await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Received> found = messages().stream().filter(m -> wanted.test(m.text())).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
