package io.jqemu.core.render;

import io.jqemu.core.model.CharBackend;
import java.util.Optional;

/**
 * The {@code -chardev} behind a serial or parallel port ({@code char<kind><index>}) and the host
 * resource it needs, if any. TCP clients reconnect every 5 s, so a peer that is down does not stop QEMU.
 */
record PortChardev(String id, KeyValueOptions options, Optional<HostResource> hostResource) {

    static PortChardev of(String kind, int index, CharBackend backend, RenderContext ctx) {
        String device = kind + index;
        String id = "char" + device;
        String path = kind + "s[" + index + "].backend.path";
        return switch (backend) {
            case CharBackend.Pty p -> new PortChardev(id, KeyValueOptions.leading("pty").add("id", id), Optional.empty());
            case CharBackend.UnixSocket u -> {
                String socket = u.path().orElse(ctx.runtimeDir() + "/" + device + ".sock");
                yield new PortChardev(id, KeyValueOptions.leading("socket").add("id", id).add("path", socket)
                        .onOff("server", true).onOff("wait", false), Optional.of(new HostResource.ListeningSocket(socket, path)));
            }
            case CharBackend.TcpClient t -> new PortChardev(id, KeyValueOptions.leading("socket").add("id", id)
                    .add("host", t.host()).add("port", t.port()).add("reconnect", 5), Optional.empty());
            case CharBackend.TcpServer t -> new PortChardev(id, KeyValueOptions.leading("socket").add("id", id)
                    .add("host", t.host()).add("port", t.port()).onOff("server", true).onOff("wait", false), Optional.empty());
            case CharBackend.FileOutput f -> new PortChardev(id, KeyValueOptions.leading("file").add("id", id)
                    .add("path", f.path()).onOff("append", true), Optional.of(new HostResource.OutputFile(f.path(), path)));
            case CharBackend.HostDevice d -> new PortChardev(id, KeyValueOptions.leading(kind).add("id", id)
                    .add("path", d.path()), Optional.of(new HostResource.HostDeviceNode(d.path(), path)));
        };
    }
}
