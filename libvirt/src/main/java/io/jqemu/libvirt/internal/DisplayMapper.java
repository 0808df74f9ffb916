package io.jqemu.libvirt.internal;

import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Vga;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.Optional;

/**
 * Maps {@code <graphics>} and {@code <video>} into the display.
 *
 * <ul>
 *   <li>VNC and SPICE listen where {@code <listen type='address'>} (or {@code listen=}) says, on the port
 *       given ({@code autoport='yes'} with a port is the port libvirt chose; without one, 5900), or on
 *       {@code <listen type='socket'>}'s socket. No address is 127.0.0.1, libvirt's default. A
 *       {@code passwd} makes jqemu set a password of its own at each start (the value itself is
 *       reported); none means no password, as in libvirt, except on a TCP listener off loopback, which
 *       gets a password of its own all the same (jqemu refuses a console open to the network).</li>
 *   <li>Video models vga, virtio, vmvga and qxl map; {@code vram} (vga, vmvga) or {@code vgamem} (qxl)
 *       is the VGA memory. {@code model type='none'} is no card. One head is QEMU's default. A second
 *       card and other models are reported.</li>
 * </ul>
 */
final class DisplayMapper {
    private Graphics graphics = new Graphics.None();
    private Optional<Vga> vga = Optional.empty();
    private boolean graphicsSeen;
    private boolean videoSeen;

    Display display() {
        return new Display(graphics, vga);
    }

    void graphics(TrackedElement g) {
        String type = g.peek("type");
        if (graphicsSeen || !(type.equals("vnc") || type.equals("spice"))) {
            g.leaveOut(Reason.NOT_SUPPORTED, graphicsSeen ? "jqemu has one remote display"
                    : "jqemu's remote displays are VNC and SPICE, not " + type);
            return;
        }
        graphicsSeen = true;
        g.translated();
        g.attr("type");
        ConsoleListener listener = listener(g);
        ConsoleAuth auth = ConsoleAuth.NONE;
        if (listener instanceof ConsoleListener.Tcp tcp && !tcp.loopback()) {
            // jqemu refuses a console open to the network without a password: one is made at each start
            auth = ConsoleAuth.PASSWORD;
        }
        if (g.has("passwd")) {
            auth = ConsoleAuth.PASSWORD;
            g.leaveOutAttr("passwd", Reason.NOT_SUPPORTED, "jqemu sets a new password at each start and hands it to "
                    + "the VM's owner; this one is not kept");
        }
        graphics = type.equals("vnc") ? new Graphics.Vnc(listener, auth) : new Graphics.Spice(listener, auth);
    }

    private static ConsoleListener listener(TrackedElement g) {
        Optional<TrackedElement> socket = g.allChildren().stream()
                .filter(l -> l.name().equals("listen") && l.peek("type").equals("socket")).findFirst();
        if (socket.isPresent()) {
            TrackedElement s = socket.get().translated();
            s.attr("type");
            g.leaveOutAttr("autoport", Reason.NO_EFFECT, "the display listens on a unix socket");
            return s.attr("socket").map(ConsoleListener::unixSocket).orElseGet(ConsoleListener::privateSocket);
        }
        Optional<String> address = g.allChildren().stream()
                .filter(l -> l.name().equals("listen") && l.peek("type").equals("address"))
                .findFirst().flatMap(l -> {
                    l.translated();
                    l.attr("type");
                    return l.attr("address");
                });
        Optional<String> attribute = g.attr("listen");
        String host = address.or(() -> attribute).orElse("127.0.0.1");
        boolean autoport = g.yesNo("autoport").orElse(false);
        Optional<Long> port = g.number("port").filter(p -> p > 0);
        if (autoport && port.isPresent()) {
            g.leaveOutAttr("autoport", Reason.LIBVIRT_ONLY, "libvirt chose the port from a free range; jqemu keeps "
                    + "the one it chose");
        } else if (autoport || port.isEmpty()) {
            g.leaveOutAttr(autoport ? "autoport" : "port", Reason.NOT_SUPPORTED, "jqemu does not search for a free port; "
                    + "it uses " + Graphics.Vnc.BASE_PORT);
        }
        if (g.peek("type").equals("vnc") && port.isPresent() && port.get() < Graphics.Vnc.BASE_PORT) {
            g.leaveOutAttr("port", Reason.NOT_SUPPORTED, "jqemu's VNC ports are 5900 + a display number; it uses 5900");
            port = Optional.empty();
        }
        return ConsoleListener.tcp(host, port.orElse((long) Graphics.Vnc.BASE_PORT).intValue());
    }

    void video(TrackedElement video) {
        Optional<TrackedElement> modelElement = video.allChildren().stream().filter(m -> m.name().equals("model"))
                .findFirst();
        String type = modelElement.map(m -> m.peek("type")).orElse("vga");
        Optional<Vga.Model> model = switch (type) {
            case "vga" -> Optional.of(Vga.Model.STD);
            case "virtio" -> Optional.of(Vga.Model.VIRTIO);
            case "vmvga" -> Optional.of(Vga.Model.VMWARE_SVGA);
            case "qxl" -> Optional.of(Vga.Model.QXL);
            default -> Optional.empty();
        };
        if (type.equals("none") && !videoSeen) {
            videoSeen = true;
            video.translated();
            modelElement.ifPresent(m -> m.translated().attr("type"));
            return;
        }
        if (videoSeen || model.isEmpty()) {
            video.leaveOut(Reason.NOT_SUPPORTED, videoSeen ? "jqemu has one graphics card"
                    : "jqemu's graphics cards are vga, virtio, vmvga and qxl, not " + type);
            return;
        }
        videoSeen = true;
        video.translated();
        TrackedElement m = video.child("model").orElseThrow();
        m.attr("type");
        m.attr("primary");
        if (model.get() == Vga.Model.QXL) {
            m.leaveOut(Reason.NOT_SUPPORTED, "libvirt limits qxl to its heads (max_outputs, 1 when heads is absent);"
                    + " jqemu's qxl-vga keeps QEMU's default, no limit");
        } else if (m.peek("heads").equals("1")) {
            m.attr("heads");
        }
        String memoryAttribute = model.get() == Vga.Model.QXL ? "vgamem" : "vram";
        Optional<Integer> mib = model.get().hasVgaMemory()
                ? m.number(memoryAttribute).map(kib -> (int) Math.ceilDiv(kib, 1024L)) : Optional.empty();
        vga = Optional.of(new Vga(model.get(), mib));
    }
}
