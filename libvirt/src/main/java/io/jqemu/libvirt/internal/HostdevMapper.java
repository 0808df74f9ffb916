package io.jqemu.libvirt.internal;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.VfioPci;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.Optional;

/**
 * Maps {@code <hostdev mode='subsystem'>}: {@code type='pci'} is a vfio device (source address,
 * {@code <rom bar>}, a guest address on the root bus kept, boot order); {@code type='usb'} is a USB
 * host device by vendor and product id or by bus and device number, on the guest USB port its
 * {@code <address type='usb'>} names. {@code managed='no'} has no effect: jqemu binds the function to
 * vfio-pci when it is not bound yet and gives it back afterwards. A guest address behind a root port
 * (bus other than 0) is jqemu's to choose. SCSI and mediated devices are reported whole.
 */
final class HostdevMapper {
    private final ImportedDevices devices;

    HostdevMapper(ImportedDevices devices) {
        this.devices = devices;
    }

    void map(TrackedElement hostdev) {
        String mode = hostdev.attr("mode").orElse("subsystem");
        String type = hostdev.attr("type").orElse("");
        if (!mode.equals("subsystem") || !(type.equals("pci") || type.equals("usb"))) {
            hostdev.leaveOut(Reason.NOT_SUPPORTED, "jqemu passes through PCI functions and USB devices only");
            return;
        }
        hostdev.translated();
        boolean managed = hostdev.yesNo("managed").orElse(false);
        if (!managed) {
            hostdev.leaveOutAttr("managed", Reason.NO_EFFECT, "jqemu binds the device to its driver itself when it "
                    + "is not bound yet, and gives it back afterwards");
        }
        if (type.equals("pci")) {
            pci(hostdev);
        } else {
            usb(hostdev);
        }
    }

    private void pci(TrackedElement hostdev) {
        hostdev.child("driver").ifPresent(d -> {
            d.attr("name").filter(n -> !n.equals("vfio")).ifPresent(n -> {
                throw d.failAt("name", n, "is not supported: jqemu passes PCI functions through with vfio");
            });
            d.leaveOutAttr("model", Reason.LIBVIRT_ONLY, "the vfio variant driver libvirt binds on the host");
        });
        TrackedElement source = hostdev.child("source").orElseThrow(() -> hostdev.failAt("", "", "has no <source>"));
        TrackedElement address = source.child("address").orElseThrow(() -> source.failAt("", "", "has no <address>"));
        PciAddress host = pciAddress(address);
        VfioPci vfio = VfioPci.of(host.toString());
        Optional<TrackedElement> guest = hostdev.allChildren().stream().filter(a -> a.name().equals("address")).findFirst();
        if (guest.isPresent() && guest.get().peek("type").equals("pci")) {
            TrackedElement g = guest.get().translated();
            g.attr("type");
            PciAddress at = pciAddress(g);
            if (at.domain() == 0 && at.bus() == 0) {
                boolean multifunction = g.yesNo("multifunction").orElse(false);
                vfio = vfio.atGuestAddress(String.format("%02x:%02x.%x", at.bus(), at.slot(), at.function()),
                        multifunction);
            } else {
                g.leaveOut(Reason.NO_EFFECT, "behind a PCIe root port libvirt chose; jqemu gives the device a root "
                        + "port of its own");
            }
        }
        Optional<TrackedElement> rom = hostdev.child("rom");
        if (rom.isPresent()) {
            Optional<Boolean> bar = rom.get().yesNo("bar");
            if (bar.isPresent()) {
                vfio = vfio.withRombar(bar.get());
            }
        }
        Optional<TrackedElement> boot = hostdev.child("boot");
        if (boot.isPresent()) {
            int order = (int) boot.get().number("order").orElseThrow(() -> boot.get().failAt("order", "", "is required"))
                    .longValue();
            vfio = new VfioPci(vfio.hostAddress(), vfio.guestAddress(), vfio.multifunction(), vfio.rombar(),
                    vfio.xVga(), Optional.of(order), vfio.id());
            devices.bootOrderSeen();
        }
        devices.add(vfio);
    }

    private void usb(TrackedElement hostdev) {
        TrackedElement source = hostdev.child("source").orElseThrow(() -> hostdev.failAt("", "", "has no <source>"));
        Optional<TrackedElement> vendor = source.child("vendor");
        Optional<TrackedElement> product = source.child("product");
        UsbHost.Selector selector;
        if (vendor.isPresent() && product.isPresent()) {
            selector = new UsbHost.Selector.ByIds((int) vendor.get().number("id").orElseThrow(() ->
                    vendor.get().failAt("id", "", "is required")).longValue(),
                    (int) product.get().number("id").orElseThrow(() -> product.get().failAt("id", "", "is required"))
                            .longValue());
            source.child("address").ifPresent(a -> a.leaveOut(Reason.NO_EFFECT,
                    "the device is found by vendor and product id"));
        } else {
            TrackedElement address = source.child("address")
                    .orElseThrow(() -> source.failAt("", "", "needs <vendor> and <product> or an <address>"));
            selector = new UsbHost.Selector.ByAddress((int) address.number("bus")
                    .orElseThrow(() -> address.failAt("bus", "", "is required")).longValue(),
                    (int) address.number("device").orElseThrow(() -> address.failAt("device", "", "is required"))
                            .longValue());
        }
        Optional<String> port = hostdev.allChildren().stream()
                .filter(a -> a.name().equals("address") && a.peek("type").equals("usb")).findFirst()
                .flatMap(a -> {
                    a.translated();
                    a.attr("type");
                    a.attr("bus");
                    return a.attr("port");
                });
        devices.add(new UsbHost(selector, port, Optional.empty()));
    }

    private static PciAddress pciAddress(TrackedElement address) {
        int domain = address.number("domain").orElse(0L).intValue();
        int bus = address.number("bus").orElseThrow(() -> address.failAt("bus", "", "is required")).intValue();
        int slot = address.number("slot").orElseThrow(() -> address.failAt("slot", "", "is required")).intValue();
        int function = address.number("function").orElse(0L).intValue();
        return new PciAddress(domain, bus, slot, function);
    }
}
