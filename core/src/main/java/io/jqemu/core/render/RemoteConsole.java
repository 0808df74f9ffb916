package io.jqemu.core.render;

import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import java.util.Objects;
import java.util.Optional;

/**
 * How a machine's remote console (VNC or SPICE) is reached once it runs.
 *
 * @param protocol         {@code vnc} or {@code spice}, as QMP's {@code set_password} names it
 * @param address          where a viewer connects, as {@code remote-viewer} takes it:
 *                         {@code vnc+unix:///run/jqemu/dsm/vnc.sock}, {@code vnc://127.0.0.1:5900},
 *                         {@code spice+unix:///...} or {@code spice://host:port} (not percent-encoded)
 * @param socket           the unix socket, when it listens on one
 * @param passwordRequired whether a viewer needs a password ({@link ConsoleAuth#PASSWORD}): the console
 *                         refuses every viewer until the launcher sets one over QMP ({@code set_password})
 */
public record RemoteConsole(String protocol, String address, Optional<String> socket, boolean passwordRequired) {

    /** Refuses null components; the exception names the component. */
    public RemoteConsole {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(socket, "socket");
    }

    /** The remote console of {@code machine} rendered with {@code context}, if it has one. */
    public static Optional<RemoteConsole> of(Machine machine, RenderContext context) {
        if (!(machine.display().graphics() instanceof Graphics.Remote console)) {
            return Optional.empty();
        }
        boolean password = console.auth() == ConsoleAuth.PASSWORD;
        String protocol = console.protocol();
        return Optional.of(switch (console.listener()) {
            case ConsoleListener.UnixSocket u -> {
                String socket = socketPath(console, u, context);
                yield new RemoteConsole(protocol, protocol + "+unix://" + socket, Optional.of(socket), password);
            }
            case ConsoleListener.Tcp t -> new RemoteConsole(protocol,
                    protocol + "://" + bracketed(t.address()) + ":" + t.port(), Optional.empty(), password);
        });
    }

    /** The socket of a unix listener: its own path, or {@code <protocol>.sock} in the runtime directory. */
    static String socketPath(Graphics.Remote console, ConsoleListener.UnixSocket listener, RenderContext context) {
        return listener.path().orElse(context.runtimeDir() + "/" + console.protocol() + ".sock");
    }

    /** An IPv6 address in brackets, anything else as it is. */
    static String bracketed(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
