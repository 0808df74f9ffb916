package io.jqemu.core.model;

/**
 * Where things sit on the q35 root bus {@code pcie.0}: slot 0 is the host bridge, slot 1 the graphics
 * card, slot 0x1f the ICH9 LPC/SATA/SMBus functions; PCIe root ports fill slots from 2 upward, eight
 * functions per slot; every device that {@linkplain Device#takesRootPort() takes one} gets its own root port.
 */
public final class PcieLayout {
    /** The q35 root bus. */
    public static final String ROOT_BUS = "pcie.0";
    /** The graphics card's slot. */
    public static final int VIDEO_SLOT = 1;
    /** The first slot used by root ports. */
    public static final int FIRST_ROOT_PORT_SLOT = 2;
    /** The last slot usable by anything we place (0x1f belongs to the ICH9 functions). */
    public static final int LAST_FREE_SLOT = 0x1e;
    /** Root ports per slot (functions 0 to 7). */
    public static final int PORTS_PER_SLOT = 8;

    private PcieLayout() {
    }

    /** How many root ports the machine gets: one per PCIe device without a guest address, plus the spares. */
    public static int rootPortCount(Machine m) {
        return pcieDeviceCount(m) + Math.max(0, m.spareRootPorts());
    }

    /** How many devices take a root port of their own ({@link Device#takesRootPort()}). */
    public static int pcieDeviceCount(Machine m) {
        return (int) m.devices().stream().filter(Device::takesRootPort).count();
    }

    /** The root-bus slot of root port {@code index}. */
    public static int rootPortSlot(int index) {
        return FIRST_ROOT_PORT_SLOT + index / PORTS_PER_SLOT;
    }

    /** The function of root port {@code index}. */
    public static int rootPortFunction(int index) {
        return index % PORTS_PER_SLOT;
    }

    /** The id of root port {@code index}. */
    public static String rootPortId(int index) {
        return "rp" + index;
    }

    /** Whether {@code bus} is the id of one of the root ports {@link #rootPortId} names. */
    public static boolean isRootPortId(String bus) {
        return bus.matches("rp(0|[1-9][0-9]*)");
    }

    /** The number of slots {@code ports} root ports occupy. */
    public static int rootPortSlots(int ports) {
        return (ports + PORTS_PER_SLOT - 1) / PORTS_PER_SLOT;
    }

    /** The most root ports the root bus can hold. */
    public static int maxRootPorts() {
        return (LAST_FREE_SLOT - FIRST_ROOT_PORT_SLOT + 1) * PORTS_PER_SLOT;
    }
}
