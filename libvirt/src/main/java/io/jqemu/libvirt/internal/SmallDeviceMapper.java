package io.jqemu.libvirt.internal;

import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.Rng;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbHub;
import io.jqemu.core.model.UsbRedir;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.Optional;

/**
 * Maps the devices with one jqemu counterpart each.
 *
 * <ul>
 *   <li>{@code <memballoon model='virtio'>}: the balloon, {@code autodeflate} and
 *       {@code freePageReporting} kept; {@code model='none'}: no balloon.</li>
 *   <li>{@code <rng model='virtio'>} with {@code <backend model='random'>}: entropy from that file.</li>
 *   <li>{@code <filesystem type='mount'>} with the 9p (path) driver: a shared directory; accessmode
 *       passthrough, mapped (mapped-xattr) or squash (none); {@code <readonly/>}.</li>
 *   <li>{@code <redirdev bus='usb' type='tcp'>}: USB redirection from that server.</li>
 *   <li>{@code <hub type='usb'>}: a hub on the USB port its address names.</li>
 *   <li>{@code <input>} PS/2 mouse and keyboard are the machine's own; {@code <audio>} without a sound
 *       card has no effect.</li>
 * </ul>
 */
final class SmallDeviceMapper {
    private final ImportedDevices devices;

    SmallDeviceMapper(ImportedDevices devices) {
        this.devices = devices;
    }

    void memballoon(TrackedElement balloon) {
        String model = balloon.peek("model");
        if (model.equals("none")) {
            balloon.translated().attr("model");
            return;
        }
        if (!model.equals("virtio")) {
            balloon.leaveOut(Reason.NOT_SUPPORTED, "jqemu's balloon is virtio, not " + model);
            return;
        }
        balloon.translated().attr("model");
        boolean deflate = balloon.yesNo("autodeflate").orElse(false);
        boolean reporting = balloon.yesNo("freePageReporting").orElse(false);
        devices.add(new Balloon(deflate, reporting));
    }

    void rng(TrackedElement rng) {
        Optional<TrackedElement> backend = rng.allChildren().stream().filter(b -> b.name().equals("backend")).findFirst();
        if (!rng.peek("model").equals("virtio") || backend.isEmpty() || !backend.get().peek("model").equals("random")) {
            rng.leaveOut(Reason.NOT_SUPPORTED, "jqemu's entropy device is virtio fed from a host file (backend random)");
            return;
        }
        rng.translated().attr("model");
        TrackedElement b = rng.child("backend").orElseThrow();
        b.attr("model");
        devices.add(new Rng(b.text().orElse("/dev/urandom")));
    }

    void filesystem(TrackedElement fs) {
        String type = fs.peek("type").isEmpty() ? "mount" : fs.peek("type");
        String driver = fs.allChildren().stream().filter(d -> d.name().equals("driver")).findFirst()
                .map(d -> d.peek("type")).orElse("path");
        if (!type.equals("mount") || !(driver.isEmpty() || driver.equals("path") || driver.equals("handle"))) {
            fs.leaveOut(Reason.NOT_SUPPORTED, "jqemu shares directories over 9p (type mount, driver path), not "
                    + (type.equals("mount") ? driver : type));
            return;
        }
        fs.translated();
        fs.attr("type");
        fs.child("driver").ifPresent(d -> d.attr("type"));
        String accessmode = fs.attr("accessmode").orElse("passthrough");
        SharedDirectory.SecurityModel model = switch (accessmode) {
            case "passthrough" -> SharedDirectory.SecurityModel.PASSTHROUGH;
            case "mapped" -> SharedDirectory.SecurityModel.MAPPED_XATTR;
            case "squash" -> SharedDirectory.SecurityModel.NONE;
            default -> throw fs.failAt("accessmode", accessmode, "is not a libvirt access mode");
        };
        String source = fs.child("source").flatMap(s -> s.attr("dir"))
                .orElseThrow(() -> fs.failAt("", "", "needs <source dir>"));
        String tag = fs.child("target").flatMap(t -> t.attr("dir"))
                .orElseThrow(() -> fs.failAt("", "", "needs <target dir>"));
        boolean readOnly = fs.child("readonly").isPresent();
        devices.add(new SharedDirectory(source, tag, model, readOnly));
    }

    void redirdev(TrackedElement redir) {
        Optional<TrackedElement> source = redir.allChildren().stream().filter(s -> s.name().equals("source")).findFirst();
        if (!redir.peek("type").equals("tcp") || !redir.peek("bus").equals("usb") || source.isEmpty()
                || source.get().peek("mode").equals("bind")) {
            redir.leaveOut(Reason.NOT_SUPPORTED, "jqemu redirects USB from a usbredir server over TCP only");
            return;
        }
        redir.translated();
        redir.attr("type");
        redir.attr("bus");
        TrackedElement s = redir.child("source").orElseThrow();
        s.attr("mode");
        String host = s.attr("host").orElseThrow(() -> s.failAt("host", "", "is required"));
        int port = (int) s.number("service").orElseThrow(() -> s.failAt("service", "", "is required")).longValue();
        redir.child("protocol").ifPresent(p -> p.attr("type").filter(t -> !t.equals("raw")).ifPresent(t -> {
            throw p.failAt("type", t, "is not supported: usbredir speaks raw TCP");
        }));
        devices.add(new UsbRedir(host, port, usbPort(redir)));
    }

    void hub(TrackedElement hub) {
        Optional<String> port = hub.peek("type").equals("usb") ? usbPort(hub) : Optional.empty();
        if (port.isEmpty()) {
            hub.leaveOut(Reason.NOT_SUPPORTED, "jqemu's USB hubs sit on a USB port the XML names (<address type='usb' "
                    + "port='N'>)");
            return;
        }
        hub.translated().attr("type");
        devices.usbHub(new UsbHub(port.get()));
    }

    void input(TrackedElement input) {
        String type = input.peek("type");
        if (input.peek("bus").equals("ps2") && (type.equals("mouse") || type.equals("keyboard"))) {
            input.leaveOut(Reason.NO_EFFECT, "the machine's own PS/2 " + type);
        } else {
            input.leaveOut(Reason.NOT_SUPPORTED, "jqemu has no " + input.peek("bus") + " " + type + " device");
        }
    }

    void audio(TrackedElement audio, boolean soundCards) {
        if (!soundCards) {
            audio.leaveOut(Reason.NO_EFFECT, "no sound card uses it");
        }
    }

    /** The port of the element's {@code <address type='usb'>}, marked translated. */
    private static Optional<String> usbPort(TrackedElement device) {
        return device.allChildren().stream().filter(a -> a.name().equals("address") && a.peek("type").equals("usb"))
                .findFirst().flatMap(a -> {
                    a.translated();
                    a.attr("type");
                    a.attr("bus").filter(b -> !b.equals("0")).ifPresent(b -> {
                        throw a.failAt("bus", b, "must be 0: jqemu has one USB controller");
                    });
                    return a.attr("port");
                });
    }
}
