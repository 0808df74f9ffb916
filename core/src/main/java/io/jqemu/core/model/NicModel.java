package io.jqemu.core.model;

/** The NIC device the guest sees. */
public enum NicModel {
    /** Paravirtual virtio-net; fastest, needs a guest driver. */
    VIRTIO_NET_PCI("virtio-net-pci"),
    /** Emulated Intel 82574. */
    E1000E("e1000e"),
    /** Emulated VMware vmxnet3. */
    VMXNET3("vmxnet3");

    private final String qemuDriver;

    NicModel(String qemuDriver) {
        this.qemuDriver = qemuDriver;
    }

    /** The QEMU device driver name. */
    public String qemuDriver() {
        return qemuDriver;
    }
}
