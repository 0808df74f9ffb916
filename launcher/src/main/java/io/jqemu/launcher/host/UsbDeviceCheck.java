package io.jqemu.launcher.host;

/** Finds a host USB device in {@code /sys/bus/usb/devices} by {@code vendor:product} or {@code bus/address}. */
final class UsbDeviceCheck {
    private static final String DEVICES = "/sys/bus/usb/devices/";

    private UsbDeviceCheck() {
    }

    static void check(HostRoot host, String fieldPath, String match) {
        boolean byIds = match.contains(":");
        String[] parts = match.split(byIds ? ":" : "/");
        for (String device : host.list(DEVICES)) {
            String dir = DEVICES + device;
            boolean found = byIds
                    ? host.read(dir + "/idVendor").filter(parts[0]::equalsIgnoreCase).isPresent()
                      && host.read(dir + "/idProduct").filter(parts[1]::equalsIgnoreCase).isPresent()
                    : host.read(dir + "/busnum").filter(parts[0]::equals).isPresent()
                      && host.read(dir + "/devnum").filter(parts[1]::equals).isPresent();
            if (found) {
                return;
            }
        }
        throw new HostException(fieldPath + ": no USB device " + (byIds ? "with ids " : "at bus/address ") + match
                + " on this host");
    }
}
