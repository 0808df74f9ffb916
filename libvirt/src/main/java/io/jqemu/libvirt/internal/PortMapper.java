package io.jqemu.libvirt.internal;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.GuestAgent;
import io.jqemu.core.model.ParallelPort;
import io.jqemu.core.model.SerialPort;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Maps {@code <serial>}, {@code <parallel>}, {@code <console>} and {@code <channel>}.
 *
 * <ul>
 *   <li>The host side: {@code pty}; {@code unix} (a socket path QEMU listens on); {@code tcp} with
 *       {@code mode='bind'} (QEMU listens) or {@code connect}, raw protocol; {@code file} (appended to, also
 *       when libvirt would truncate it: without {@code append='on'});
 *       {@code dev} (a host device node).</li>
 *   <li>Ports are placed in order; a {@code <target port>} other than the next free one is reported.</li>
 *   <li>A {@code <console>} with a serial target is the serial port of the same number: the same device
 *       when that port is defined (no effect), else a serial port of its own, as libvirt makes it.</li>
 *   <li>A {@code virtio} channel named {@code org.qemu.guest_agent.0} is the guest agent; jqemu keeps its
 *       socket in the VM's runtime directory. Other channels are reported.</li>
 * </ul>
 */
final class PortMapper {
    private final ImportedDevices devices;
    private final Set<Long> serialPorts = new HashSet<>();
    private int serials;
    private int parallels;

    PortMapper(ImportedDevices devices) {
        this.devices = devices;
    }

    void serial(TrackedElement serial) {
        Optional<TrackedElement> target = serial.allChildren().stream().filter(t -> t.name().equals("target")).findFirst();
        String targetType = target.map(t -> t.peek("type")).orElse("");
        if (!targetType.isEmpty() && !targetType.equals("isa-serial")) {
            serial.leaveOut(Reason.NOT_SUPPORTED, "jqemu's serial ports are ISA serial ports, not " + targetType);
            return;
        }
        Optional<CharBackend> backend = backend(serial);
        if (backend.isEmpty()) {
            return;
        }
        serial.translated();
        long port = targetPort(serial, serials, "target");
        serial.child("target").ifPresent(t -> {
            t.attr("type");
            t.child("model").ifPresent(m -> m.attr("name").filter(n -> !n.equals("isa-serial")).ifPresent(n -> {
                throw m.failAt("name", n, "does not fit an isa-serial target");
            }));
        });
        serialPorts.add(port);
        serials++;
        devices.add(new SerialPort(backend.get()));
    }

    void parallel(TrackedElement parallel) {
        Optional<CharBackend> backend = backend(parallel);
        if (backend.isEmpty()) {
            return;
        }
        parallel.translated();
        targetPort(parallel, parallels, "target");
        parallels++;
        devices.add(new ParallelPort(backend.get()));
    }

    void console(TrackedElement console) {
        Optional<TrackedElement> target = console.allChildren().stream().filter(t -> t.name().equals("target")).findFirst();
        String targetType = target.map(t -> t.peek("type")).orElse("serial");
        if (!targetType.isEmpty() && !targetType.equals("serial")) {
            console.leaveOut(Reason.NOT_SUPPORTED, "jqemu's consoles are serial ports, not " + targetType + " consoles");
            return;
        }
        long port = target.flatMap(t -> t.number("port")).orElse(0L);
        if (serialPorts.contains(port)) {
            console.leaveOut(Reason.NO_EFFECT, "the same device as the serial port " + port);
            return;
        }
        serial(console);
    }

    void channel(TrackedElement channel) {
        Optional<TrackedElement> target = channel.allChildren().stream().filter(t -> t.name().equals("target")).findFirst();
        boolean agent = target.map(t -> t.peek("type").equals("virtio") && t.peek("name").equals(GuestAgent.PORT_NAME))
                .orElse(false);
        if (!agent || !channel.peek("type").equals("unix")) {
            channel.leaveOut(Reason.NOT_SUPPORTED, "jqemu's only channel is the guest agent's (a unix channel named "
                    + GuestAgent.PORT_NAME + ")");
            return;
        }
        channel.translated();
        channel.attr("type");
        channel.child("target").ifPresent(t -> {
            t.attr("type");
            t.attr("name");
            t.leaveOutAttr("state", Reason.LIBVIRT_ONLY, "whether the agent was connected when libvirt wrote the XML");
        });
        channel.leaveOutChild("source", Reason.NO_EFFECT, "jqemu keeps the agent's socket in the VM's runtime directory");
        devices.add(new GuestAgent());
    }

    private static long targetPort(TrackedElement device, int next, String child) {
        Optional<TrackedElement> target = device.child(child);
        Optional<Long> port = target.flatMap(t -> t.number("port"));
        if (port.isPresent() && port.get() != next) {
            target.get().leaveOutAttr("port", Reason.NOT_SUPPORTED, "jqemu numbers ports in order; this one becomes "
                    + "port " + next);
        }
        return port.orElse((long) next);
    }

    /** The host side, or empty after reporting a kind jqemu lacks. */
    private static Optional<CharBackend> backend(TrackedElement device) {
        String type = device.peek("type").isEmpty() ? "pty" : device.peek("type");
        Optional<TrackedElement> source = device.allChildren().stream().filter(s -> s.name().equals("source")).findFirst();
        Optional<String> protocol = device.allChildren().stream().filter(p -> p.name().equals("protocol")).findFirst()
                .map(p -> p.peek("type"));
        if (protocol.isPresent() && !protocol.get().equals("raw")) {
            device.leaveOut(Reason.NOT_SUPPORTED, "jqemu's TCP ports carry raw bytes, not " + protocol.get());
            return Optional.empty();
        }
        Optional<CharBackend> backend = switch (type) {
            case "pty" -> Optional.of(CharBackend.pty());
            case "unix" -> source.filter(s -> s.has("path") && !s.peek("mode").equals("connect"))
                    .map(s -> CharBackend.unixSocket(s.peek("path")));
            case "tcp" -> source.filter(s -> s.has("service")).map(s -> {
                String host = s.peek("host").isEmpty() ? "localhost" : s.peek("host");
                int port = (int) s.number("service").orElseThrow().longValue();
                return s.peek("mode").equals("connect") ? CharBackend.tcpClient(host, port)
                        : CharBackend.tcpServer(host, port);
            });
            case "file" -> source.filter(s -> s.has("path")).map(s -> CharBackend.file(s.peek("path")));
            case "dev" -> source.filter(s -> s.has("path")).map(s -> CharBackend.hostDevice(s.peek("path")));
            default -> Optional.empty();
        };
        if (backend.isEmpty()) {
            device.leaveOut(Reason.NOT_SUPPORTED, "jqemu's port backends are pty, unix (listening), tcp, file and dev");
            return backend;
        }
        device.attr("type");
        device.child("protocol").ifPresent(p -> p.attr("type"));
        if (!type.equals("pty")) {
            device.child("source").ifPresent(s -> {
                s.attr("path");
                s.attr("host");
                s.attr("service");
                s.attr("mode");
                if (s.attr("append").orElse("on").equals("off")) {
                    s.leaveOutAttr("append", Reason.NOT_SUPPORTED, "jqemu appends to the file; libvirt would "
                            + "truncate it");
                }
            });
        }
        return backend;
    }
}
