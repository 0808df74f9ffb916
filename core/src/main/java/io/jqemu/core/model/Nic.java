package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A network interface.
 *
 * @param backend   the host side
 * @param model     the device the guest sees
 * @param mac       the MAC address ({@code 52:54:00:12:34:56}), or empty for a stable locally
 *                  administered address derived from the VM's UUID and the NIC index
 * @param bootIndex the firmware boot index (PXE), or empty
 * @param id        the QEMU device id; empty means {@code net<index>}; the netdev is {@code netdev-<id>}
 */
public record Nic(NicBackend backend, NicModel model, Optional<String> mac, Optional<Integer> bootIndex,
                  Optional<String> id) {

    /** Checks every part is present. */
    public Nic {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(bootIndex, "bootIndex");
        Objects.requireNonNull(id, "id");
    }

    /** A virtio-net NIC on the given backend with a derived MAC. */
    public static Nic virtio(NicBackend backend) {
        return new Nic(backend, NicModel.VIRTIO_NET_PCI, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A NIC with the given model and backend and a derived MAC. */
    public static Nic of(NicModel model, NicBackend backend) {
        return new Nic(backend, model, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A copy with a fixed MAC address. */
    public Nic withMac(String newMac) {
        return new Nic(backend, model, Optional.of(newMac), bootIndex, id);
    }

    /** A copy with a boot index. */
    public Nic withBootIndex(int index) {
        return new Nic(backend, model, mac, Optional.of(index), id);
    }

    /** A copy with an explicit device id. */
    public Nic withId(String newId) {
        return new Nic(backend, model, mac, bootIndex, Optional.of(newId));
    }
}
