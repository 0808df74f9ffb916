package io.jqemu.launcher.host.need;

import io.jqemu.core.model.UsbHost;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import java.util.Optional;

/** A host USB device QEMU opens with {@code usb-host}, found in {@code /sys/bus/usb/devices}. */
final class UsbHostDeviceHandler implements NeedHandler<HostResource.UsbHostDevice> {
    private static final String DEVICES = "/sys/bus/usb/devices/";
    private final HostRoot host;

    UsbHostDeviceHandler(HostRoot host) {
        this.host = host;
    }

    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.UsbHostDevice need, Inspection inspection) {
        if (find(need.selector()).isEmpty()) {
            throw new HostException(need.fieldPath() + ": no USB device " + switch (need.selector()) {
                case UsbHost.Selector.ByIds ids -> "with ids " + ids(ids);
                case UsbHost.Selector.ByAddress a -> "at bus/address " + a.hostBus() + "/" + a.hostAddress();
            } + " on this host");
        }
    }

    @Override
    public String describe(HostResource.UsbHostDevice need, Inspection inspection) {
        String where = find(need.selector()).map(dir -> host.read(dir + "/busnum").orElse("?") + "/"
                + host.read(dir + "/devnum").orElse("?")).orElse("not present");
        return "QEMU opens USB device " + switch (need.selector()) {
            case UsbHost.Selector.ByIds ids -> ids(ids) + " (bus/address " + where + ")";
            case UsbHost.Selector.ByAddress a -> "at bus/address " + a.hostBus() + "/" + a.hostAddress();
        };
    }

    /** The sysfs directory of the device, empty when no device matches. */
    private Optional<String> find(UsbHost.Selector selector) {
        for (String device : host.list(DEVICES)) {
            String dir = DEVICES + device;
            boolean found = switch (selector) {
                case UsbHost.Selector.ByIds ids -> host.read(dir + "/idVendor").filter(hex(ids.vendorId())::equalsIgnoreCase)
                        .isPresent() && host.read(dir + "/idProduct").filter(hex(ids.productId())::equalsIgnoreCase).isPresent();
                case UsbHost.Selector.ByAddress a -> host.read(dir + "/busnum").filter(Integer.toString(a.hostBus())::equals)
                        .isPresent() && host.read(dir + "/devnum").filter(Integer.toString(a.hostAddress())::equals).isPresent();
            };
            if (found) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static String ids(UsbHost.Selector.ByIds ids) {
        return hex(ids.vendorId()) + ":" + hex(ids.productId());
    }

    private static String hex(int id) {
        return String.format("%04x", id);
    }
}
