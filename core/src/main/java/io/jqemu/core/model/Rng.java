package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;

import java.util.Objects;

/**
 * A {@code virtio-rng-pci} entropy device (id {@code rng0}) fed by an {@code rng-random} object.
 *
 * @param source the host entropy source, e.g. {@code /dev/urandom}
 */
public record Rng(String source) implements Device {
    @Override
    public String field() {
        return "rng";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public String idPrefix() {
        return "rng";
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    @Override
    public void validate(DeviceCheck check) {
        check.absolutePath(check.field("source"), source);
    }

    /** An {@code rng-random} object reading {@link #source} feeds the device. */
    @Override
    public void render(DeviceRendering out) {
        String object = "obj" + out.id();
        out.qomObject("rng-random", object, out.json().put("filename", source));
        out.device("virtio-rng-pci", out.json().put("rng", object).put("bus", out.rootPort()));
        out.needs(new HostResource.HostDeviceNode(source, out.field("source")));
    }

    /** Entropy from /dev/urandom. */
    public static final Rng URANDOM = new Rng("/dev/urandom");

    /** Checks the source is present. */
    public Rng {
        Objects.requireNonNull(source, "source");
    }
}
