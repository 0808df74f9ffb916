package io.jqemu.libvirt.internal;

import io.jqemu.core.model.ScsiController;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.Optional;

/**
 * Maps {@code <controller>}.
 *
 * <ul>
 *   <li>{@code scsi} (virtio-scsi; another model is reported and becomes virtio-scsi) with
 *       {@code <driver queues>}; disks name it by its libvirt index.</li>
 *   <li>{@code usb}: the machine's qemu-xhci controller; {@code model='none'} is none; another model is
 *       reported and becomes qemu-xhci. Without a USB controller element, a machine with USB devices
 *       gets one, as libvirt adds it.</li>
 *   <li>{@code pci}: the root ({@code pcie-root}, {@code pci-root}) is the machine's own; each
 *       {@code pcie-root-port} counts, and the ports beyond those jqemu gives its devices become spare
 *       root ports. Other PCI controllers are reported.</li>
 *   <li>{@code sata} 0 is q35's built-in AHCI, {@code ide} 0 the i440fx IDE whose disks the import puts on
 *       it; {@code virtio-serial} is the guest agent's, which jqemu makes itself.</li>
 * </ul>
 */
final class ControllerMapper {
    private final ImportedDevices devices;

    ControllerMapper(ImportedDevices devices) {
        this.devices = devices;
    }

    void map(TrackedElement controller) {
        String type = controller.peek("type");
        String model = controller.peek("model");
        long index = controller.has("index") ? controller.number("index").orElse(0L) : 0L;
        switch (type) {
            case "scsi" -> scsi(controller, index, model);
            case "usb" -> usb(controller, index, model);
            case "pci" -> pci(controller, model);
            case "sata", "ide" -> {
                if (index == 0) {
                    controller.leaveOut(Reason.NO_EFFECT, type.equals("sata") ? "q35's built-in AHCI controller"
                            : "the i440fx IDE controller; the import puts its disks on q35's AHCI controller");
                } else {
                    controller.leaveOut(Reason.NOT_SUPPORTED, "jqemu has q35's one built-in disk controller");
                }
            }
            case "virtio-serial" -> controller.leaveOut(Reason.NO_EFFECT,
                    "jqemu makes the guest agent's virtio-serial controller itself; other ports are not imported");
            default -> controller.leaveOut(Reason.NOT_SUPPORTED, "jqemu has no " + type + " controllers");
        }
    }

    private void scsi(TrackedElement controller, long index, String model) {
        controller.translated();
        controller.attr("type");
        controller.attr("index");
        if (!model.isEmpty() && !model.equals("virtio-scsi")) {
            controller.leaveOutAttr("model", Reason.NOT_SUPPORTED, "jqemu's SCSI controller is virtio-scsi; "
                    + "this one becomes virtio-scsi");
        } else {
            controller.attr("model");
        }
        Optional<Integer> queues = controller.child("driver").flatMap(d -> d.number("queues")).map(Long::intValue);
        int jqemuIndex = (int) devices.all().stream().filter(ScsiController.class::isInstance).count();
        devices.add(new ScsiController(queues));
        devices.scsiController(index, jqemuIndex);
    }

    private void usb(TrackedElement controller, long index, String model) {
        if (model.equals("none")) {
            devices.noUsbController();
            controller.translated();
            controller.attr("type");
            controller.attr("model");
            controller.attr("index");
            return;
        }
        if (index != 0 || devices.hasUsbController()) {
            controller.leaveOut(Reason.NOT_SUPPORTED, "jqemu has one USB controller");
            return;
        }
        controller.translated();
        controller.attr("type");
        controller.attr("index");
        if (!model.isEmpty() && !model.equals("qemu-xhci")) {
            controller.leaveOutAttr("model", Reason.NOT_SUPPORTED, "jqemu's USB controller is qemu-xhci; this one "
                    + "becomes qemu-xhci");
        } else {
            controller.attr("model");
        }
        devices.usbController();
    }

    private void pci(TrackedElement controller, String model) {
        switch (model) {
            case "pcie-root", "pci-root" -> controller.leaveOut(Reason.NO_EFFECT, "the machine's root bus");
            case "pcie-root-port" -> {
                controller.translated();
                controller.attr("type");
                controller.attr("index");
                controller.attr("model");
                controller.leaveOutChild("target", Reason.NO_EFFECT, "jqemu numbers its root ports' chassis and port");
                devices.libvirtRootPort();
            }
            default -> controller.leaveOut(Reason.NOT_SUPPORTED, "jqemu lays out PCIe with root ports only, not a "
                    + (model.isEmpty() ? "PCI controller without a model" : model));
        }
    }
}
