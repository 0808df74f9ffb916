package io.jqemu.core.model;

/** Which accelerator QEMU uses. {@link #AUTO} is resolved by the launcher: KVM when usable, else TCG. */
public enum Accelerator {
    /** Hardware virtualisation through /dev/kvm. */
    KVM,
    /** QEMU's software emulator. */
    TCG,
    /** KVM when the launcher finds it usable, TCG otherwise. */
    AUTO
}
