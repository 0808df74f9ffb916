package io.jqemu.core.model;

/** Whether a tap NIC uses the in-kernel vhost-net data path. */
public enum VhostMode {
    /** Always (QEMU fails when /dev/vhost-net is missing). */
    ON,
    /** Never. */
    OFF,
    /** When the launcher finds /dev/vhost-net usable. */
    AUTO;

    /** Whether the NIC uses vhost-net: {@link #AUTO} asks the render context. */
    public boolean resolve(io.jqemu.core.render.RenderContext context) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> context.vhostNetAvailable();
        };
    }
}
