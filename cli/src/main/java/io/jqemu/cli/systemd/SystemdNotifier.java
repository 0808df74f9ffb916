package io.jqemu.cli.systemd;

import jnr.ffi.LastError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Tells systemd (or any supervisor speaking sd_notify's protocol) how the service is doing: one
 * datagram per message on the unix socket {@code $NOTIFY_SOCKET} names, such as
 * {@code READY=1\nSTATUS=running}. Without the variable it does nothing. A message that cannot be
 * sent is logged and dropped, never an error: the VM matters more than its supervisor's view of it.
 */
public final class SystemdNotifier {

    /** The environment variable systemd sets for {@code Type=notify} services. */
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final Optional<NotifyAddress> address;

    private SystemdNotifier(Optional<NotifyAddress> address) {
        this.address = address;
    }

    /** A notifier for {@code $NOTIFY_SOCKET} of {@code environment}; a no-op one when it is unset, empty or invalid. */
    public static SystemdNotifier fromEnvironment(Map<String, String> environment) {
        String value = environment.get(NOTIFY_SOCKET);
        if (value == null || value.isEmpty()) {
            return new SystemdNotifier(Optional.empty());
        }
        try {
            return new SystemdNotifier(Optional.of(new NotifyAddress(value)));
        } catch (RuntimeException e) {
            LOG.warn("not notifying systemd: {}", e.getMessage());
            return new SystemdNotifier(Optional.empty());
        }
    }

    /** A notifier that sends nothing. */
    public static SystemdNotifier none() {
        return new SystemdNotifier(Optional.empty());
    }

    /** Whether messages go anywhere. */
    public boolean enabled() {
        return address.isPresent();
    }

    /** {@code READY=1} with a status line: the service is up (for jqemu run: the guest runs). */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** {@code STATUS=...}: a line {@code systemctl status} shows. */
    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** {@code STOPPING=1} with a status line: the service is shutting down. */
    public void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    /**
     * Sends {@code message} (newline-separated {@code KEY=VALUE} assignments) in one datagram.
     *
     * @return whether it was sent
     */
    public boolean send(String message) {
        if (address.isEmpty()) {
            return false;
        }
        try {
            NativeDatagrams libc = NativeDatagrams.load();
            int fd = libc.socket(NativeDatagrams.AF_UNIX, NativeDatagrams.SOCK_DGRAM | NativeDatagrams.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                LOG.warn("cannot notify systemd: socket: {}", libc.strerror(errno(libc)));
                return false;
            }
            try {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                byte[] to = address.get().sockaddr();
                long sent = libc.sendto(fd, bytes, bytes.length, NativeDatagrams.MSG_NOSIGNAL, to, to.length);
                if (sent < 0) {
                    LOG.warn("cannot notify systemd on {}: {}", address.get().value(), libc.strerror(errno(libc)));
                    return false;
                }
                LOG.debug("notified systemd: {}", message.replace('\n', ' '));
                return true;
            } finally {
                libc.close(fd);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("cannot notify systemd on {}: {}", address.get().value(), e.toString());
            return false;
        }
    }

    private static int errno(NativeDatagrams libc) {
        return LastError.getLastError(jnr.ffi.Runtime.getRuntime(libc));
    }

    private static String oneLine(String status) {
        return status.replace('\n', ' ');
    }
}
