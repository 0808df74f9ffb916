package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;

/**
 * A {@code virtio-balloon-pci} device (id {@code balloon0}).
 *
 * @param deflateOnOom      let the guest take memory back from the balloon when it runs out
 * @param freePageReporting let the guest report free pages to the host
 */
public record Balloon(boolean deflateOnOom, boolean freePageReporting) implements Device {
    @Override
    public String field() {
        return "balloon";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public String idPrefix() {
        return "balloon";
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    @Override
    public void validate(DeviceCheck check) {
    }

    @Override
    public void render(DeviceRendering out) {
        var dev = out.json().put("bus", out.rootPort());
        if (deflateOnOom) {
            dev.put("deflate-on-oom", true);
        }
        if (freePageReporting) {
            dev.put("free-page-reporting", true);
        }
        out.device("virtio-balloon-pci", dev);
    }

    /** A balloon with both options off. */
    public static final Balloon DEFAULT = new Balloon(false, false);
}
