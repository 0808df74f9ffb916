package io.jqemu.launcher.vm;

import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.VfioPci;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The machine as it runs now: the launched model (ids resolved) plus hot-plugged devices, minus
 * unplugged ones. Core's hotplug renderer checks each new device against it.
 */
public final class RunningMachine {
    private Machine machine;

    /** Starts from the launched machine, in {@link Machine#withResolvedIds()} form. */
    public RunningMachine(Machine launched) {
        this.machine = launched.withResolvedIds();
    }

    /** The machine as it runs now. */
    public synchronized Machine current() {
        return machine;
    }

    /** Records a plugged disk. */
    public synchronized void addDisk(Disk disk) {
        edit(plus(machine.disks(), disk), machine.nics(), machine.vfioDevices(), machine.usbHostDevices());
    }

    /** Records a plugged NIC. */
    public synchronized void addNic(Nic nic) {
        edit(machine.disks(), plus(machine.nics(), nic), machine.vfioDevices(), machine.usbHostDevices());
    }

    /** Records a plugged vfio-pci device. */
    public synchronized void addVfio(VfioPci device) {
        edit(machine.disks(), machine.nics(), plus(machine.vfioDevices(), device), machine.usbHostDevices());
    }

    /** Records a plugged usb-host device. */
    public synchronized void addUsbHost(UsbHost device) {
        edit(machine.disks(), machine.nics(), machine.vfioDevices(), plus(machine.usbHostDevices(), device));
    }

    /** Forgets the device with {@code id}, whatever its kind. */
    public synchronized void remove(String id) {
        edit(minus(machine.disks(), d -> d.id().orElse("").equals(id)),
                minus(machine.nics(), n -> n.id().orElse("").equals(id)),
                minus(machine.vfioDevices(), v -> v.id().orElse("").equals(id)),
                minus(machine.usbHostDevices(), u -> u.id().orElse("").equals(id)));
    }

    private void edit(List<Disk> disks, List<Nic> nics, List<VfioPci> vfio, List<UsbHost> usb) {
        MachineBuilder b = machine.toBuilder()
                .clearDisks().clearNics().clearVfioDevices().clearUsbHostDevices();
        disks.forEach(b::disk);
        nics.forEach(b::nic);
        vfio.forEach(b::vfio);
        usb.forEach(b::usbHost);
        machine = b.build();
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    private static <T> List<T> minus(List<T> list, Predicate<T> drop) {
        return list.stream().filter(drop.negate()).toList();
    }
}
