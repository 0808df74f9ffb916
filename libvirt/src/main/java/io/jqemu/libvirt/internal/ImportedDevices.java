package io.jqemu.libvirt.internal;

import io.jqemu.core.model.Device;
import io.jqemu.core.model.UsbHub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the device mappers have made so far, and the facts one mapper leaves for another: the SCSI
 * controllers' libvirt indexes, the USB hubs, the libvirt root ports, which disk and NIC boot first.
 */
final class ImportedDevices {
    private final List<Device> devices = new ArrayList<>();
    private final Map<Long, Integer> scsiControllerPositions = new HashMap<>();
    private final List<UsbHub> usbHubs = new ArrayList<>();
    private boolean usbController;
    private boolean noUsbController;
    private int libvirtRootPorts;
    private boolean anyBootOrder;
    private Optional<Integer> firstDisk = Optional.empty();
    private Optional<Integer> firstCdrom = Optional.empty();
    private Optional<Integer> firstNic = Optional.empty();

    /** Adds a device, returning its position in the list. */
    int add(Device device) {
        devices.add(device);
        return devices.size() - 1;
    }

    Device get(int position) {
        return devices.get(position);
    }

    void replace(int position, Device device) {
        devices.set(position, device);
    }

    List<Device> all() {
        return List.copyOf(devices);
    }

    void scsiController(long libvirtIndex, int position) {
        scsiControllerPositions.put(libvirtIndex, position);
    }

    /** The jqemu controller number (0-based among virtio-scsi controllers) of a libvirt index. */
    Optional<Integer> scsiControllerPosition(long libvirtIndex) {
        return Optional.ofNullable(scsiControllerPositions.get(libvirtIndex));
    }

    void usbController() {
        usbController = true;
    }

    /** The XML says the machine has no USB controller ({@code model='none'}). */
    void noUsbController() {
        noUsbController = true;
    }

    /** Whether the machine gets a USB controller: one is defined, or USB devices need libvirt's default one. */
    boolean needsUsbController() {
        if (usbController) {
            return true;
        }
        return !noUsbController && (!usbHubs.isEmpty() || devices.stream().anyMatch(ImportedDevices::isUsbDevice));
    }

    private static boolean isUsbDevice(Device d) {
        return d instanceof io.jqemu.core.model.UsbHost || d instanceof io.jqemu.core.model.UsbRedir
                || d instanceof io.jqemu.core.model.Disk disk
                && disk.attachment() instanceof io.jqemu.core.model.DiskAttachment.UsbStorage;
    }

    boolean hasUsbController() {
        return usbController;
    }

    void usbHub(UsbHub hub) {
        usbHubs.add(hub);
    }

    List<UsbHub> usbHubs() {
        return List.copyOf(usbHubs);
    }

    void libvirtRootPort() {
        libvirtRootPorts++;
    }

    int libvirtRootPorts() {
        return libvirtRootPorts;
    }

    void bootOrderSeen() {
        anyBootOrder = true;
    }

    boolean anyBootOrder() {
        return anyBootOrder;
    }

    void firstDisk(int position) {
        if (firstDisk.isEmpty()) {
            firstDisk = Optional.of(position);
        }
    }

    Optional<Integer> firstDisk() {
        return firstDisk;
    }

    void firstCdrom(int position) {
        if (firstCdrom.isEmpty()) {
            firstCdrom = Optional.of(position);
        }
    }

    Optional<Integer> firstCdrom() {
        return firstCdrom;
    }

    void firstNic(int position) {
        if (firstNic.isEmpty()) {
            firstNic = Optional.of(position);
        }
    }

    Optional<Integer> firstNic() {
        return firstNic;
    }
}
