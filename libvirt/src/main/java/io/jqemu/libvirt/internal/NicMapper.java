package io.jqemu.libvirt.internal;

import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.NicModel;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.VhostMode;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps {@code <interface>}: {@code bridge} (source bridge; a tap name other than libvirt's own
 * {@code vnetN} is kept), {@code ethernet} with {@code <target dev managed='no'>} (an existing tap),
 * {@code direct} (macvtap on the source dev, mode vepa unless given) and {@code user} (port forwards
 * from {@code <portForward>}: one port per {@code <range>}, IPv4 host addresses). Model virtio, e1000e
 * and vmxnet3 map; another model is reported and the NIC becomes virtio-net-pci. {@code <driver
 * name='vhost'>} is vhost on, {@code name='qemu'} off, none auto. The MAC and boot order are kept.
 * A {@code type='network'} interface (a libvirt network) is reported whole.
 */
final class NicMapper {
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern LIBVIRT_TAP_NAME = Pattern.compile("(vnet|macvtap|macvlan)[0-9]+");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final ImportedDevices devices;

    NicMapper(ImportedDevices devices) {
        this.devices = devices;
    }

    void map(TrackedElement nic) {
        String type = nic.attr("type").orElse("");
        Optional<NicBackend> backend = switch (type) {
            case "bridge" -> bridge(nic);
            case "ethernet" -> ethernet(nic);
            case "direct" -> direct(nic);
            case "user" -> Optional.of(user(nic));
            default -> {
                nic.leaveOut(Reason.NOT_SUPPORTED, "jqemu's NICs are bridged taps, existing taps, macvtaps or user "
                        + "networking, not a libvirt " + (type.isEmpty() ? "interface without a type" : type
                        + (type.equals("network") ? " (define the NIC with <source bridge> instead)" : "")));
                yield Optional.empty();
            }
        };
        if (backend.isEmpty()) {
            return;
        }
        nic.translated();
        NicModel model = nic.child("model").map(NicMapper::model).orElse(NicModel.VIRTIO_NET_PCI);
        Nic result = Nic.of(model, backend.get());
        Optional<TrackedElement> mac = nic.child("mac");
        if (mac.isPresent()) {
            String address = mac.get().attr("address").orElse("");
            if (MAC.matcher(address).matches()) {
                result = result.withMac(address.toLowerCase(java.util.Locale.ROOT));
            } else {
                mac.get().leaveOut(Reason.NOT_SUPPORTED, "not a MAC address; jqemu derives one from the VM's UUID");
            }
        }
        Optional<TrackedElement> boot = nic.child("boot");
        if (boot.isPresent()) {
            result = result.withBootIndex((int) boot.get().number("order")
                    .orElseThrow(() -> boot.get().failAt("order", "", "is required")).longValue());
            devices.bootOrderSeen();
        }
        devices.firstNic(devices.add(result));
    }

    private static NicModel model(TrackedElement model) {
        String type = model.attr("type").orElse("virtio");
        return switch (type) {
            case "virtio", "virtio-net-pci" -> NicModel.VIRTIO_NET_PCI;
            case "e1000e" -> NicModel.E1000E;
            case "vmxnet3" -> NicModel.VMXNET3;
            default -> {
                model.leaveOutAttr("type", Reason.NOT_SUPPORTED, "jqemu's NIC models are virtio, e1000e and vmxnet3; "
                        + "the NIC becomes virtio-net-pci");
                yield NicModel.VIRTIO_NET_PCI;
            }
        };
    }

    private static VhostMode vhost(TrackedElement nic) {
        return nic.child("driver").flatMap(d -> d.attr("name")).map(name -> switch (name) {
            case "vhost" -> VhostMode.ON;
            case "qemu" -> VhostMode.OFF;
            default -> VhostMode.AUTO;
        }).orElse(VhostMode.AUTO);
    }

    private static Optional<NicBackend> bridge(TrackedElement nic) {
        TrackedElement source = nic.child("source").orElseThrow(() -> nic.failAt("", "", "has no <source bridge>"));
        String bridge = source.attr("bridge").orElseThrow(() -> source.failAt("bridge", "", "is required"));
        source.leaveOutAttr("network", Reason.LIBVIRT_ONLY, "the libvirt network the bridge belongs to");
        source.leaveOutAttr("portid", Reason.LIBVIRT_ONLY, "libvirt's id of the network port");
        source.leaveOutAttr("portgroup", Reason.LIBVIRT_ONLY, "a port group of the libvirt network");
        Optional<String> tap = targetDev(nic);
        return Optional.of(new NicBackend.BridgedTap(bridge, tap, vhost(nic)));
    }

    private static Optional<NicBackend> ethernet(TrackedElement nic) {
        Optional<TrackedElement> target = nic.allChildren().stream().filter(t -> t.name().equals("target")).findFirst();
        boolean existing = target.map(t -> t.peek("managed").equals("no") && t.has("dev")).orElse(false);
        if (!existing) {
            nic.leaveOut(Reason.NOT_SUPPORTED, "libvirt creates this tap (and runs its script); jqemu needs an "
                    + "existing tap (<target dev='tapN' managed='no'/>) or a bridge");
            return Optional.empty();
        }
        TrackedElement t = nic.child("target").orElseThrow();
        t.attr("managed");
        return Optional.of(NicBackend.existingTap(t.requiredAttr("dev"), vhost(nic)));
    }

    private static Optional<NicBackend> direct(TrackedElement nic) {
        TrackedElement source = nic.child("source").orElseThrow(() -> nic.failAt("", "", "has no <source dev>"));
        String parent = source.attr("dev").orElseThrow(() -> source.failAt("dev", "", "is required"));
        String modeName = source.attr("mode").orElse("vepa");
        MacvtapMode mode = switch (modeName) {
            case "vepa" -> MacvtapMode.VEPA;
            case "bridge" -> MacvtapMode.BRIDGE;
            case "private" -> MacvtapMode.PRIVATE;
            case "passthrough" -> MacvtapMode.PASSTHRU;
            default -> throw source.failAt("mode", modeName, "is not a macvtap mode (vepa, bridge, private, passthrough)");
        };
        return Optional.of(new NicBackend.Macvtap(parent, mode, targetDev(nic), vhost(nic)));
    }

    /** A tap name the XML fixes; libvirt's own names ({@code vnet0}) are left to jqemu. */
    private static Optional<String> targetDev(TrackedElement nic) {
        return nic.child("target").flatMap(t -> {
            Optional<String> dev = t.attr("dev");
            if (dev.isPresent() && LIBVIRT_TAP_NAME.matcher(dev.get()).matches()) {
                t.leaveOut(Reason.LIBVIRT_ONLY, "a name libvirt gave the interface; jqemu names its taps itself");
                return Optional.empty();
            }
            return dev;
        });
    }

    private static NicBackend user(TrackedElement nic) {
        List<PortForward> forwards = new ArrayList<>();
        nic.allChildren().stream().filter(p -> p.name().equals("portForward")).forEach(pf -> {
            String proto = pf.peek("proto").isEmpty() ? "tcp" : pf.peek("proto");
            String address = pf.peek("address");
            if (!address.isEmpty() && !IPV4.matcher(address).matches() || pf.has("dev")
                    || !(proto.equals("tcp") || proto.equals("udp"))) {
                pf.leaveOut(Reason.NOT_SUPPORTED, "jqemu forwards tcp or udp ports from an IPv4 host address, "
                        + "without a host interface");
                return;
            }
            pf.translated();
            pf.attr("proto");
            Optional<String> hostAddress = pf.attr("address");
            for (TrackedElement range : pf.allChildren()) {
                if (!range.name().equals("range")) {
                    continue;
                }
                if (range.has("end") || range.peek("exclude").equals("yes")) {
                    range.leaveOut(Reason.NOT_SUPPORTED, "jqemu forwards single ports, not ranges or exclusions");
                    continue;
                }
                range.translated();
                range.attr("exclude");
                int start = (int) range.number("start").orElseThrow(() -> range.failAt("start", "", "is required")).longValue();
                int to = range.number("to").map(Long::intValue).orElse(start);
                forwards.add(new PortForward(proto.equals("udp") ? PortForward.Protocol.UDP : PortForward.Protocol.TCP,
                        hostAddress, start, Optional.empty(), to));
            }
        });
        nic.child("backend").ifPresent(backend -> {
            if (backend.attr("type").orElse("default").equals("passt")) {
                backend.leaveOutAttr("type", Reason.NOT_SUPPORTED, "jqemu's user networking is QEMU's own (slirp), "
                        + "not passt");
            }
        });
        return new NicBackend.User(forwards);
    }
}
