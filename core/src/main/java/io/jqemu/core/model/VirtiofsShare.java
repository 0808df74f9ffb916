package io.jqemu.core.model;

import io.jqemu.core.JqemuException;
import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.KeyValueOptions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A host directory shared with the guest over virtiofs ({@code mount -t virtiofs <tag> /mnt}): a
 * {@code vhost-user-fs-pci} device (ids {@code fs0}, {@code fs1}...) on a root port of its own, served by
 * a {@code virtiofsd} the launcher starts per share and supervises (its socket in the VM's private
 * runtime directory, its output in {@code virtiofsd-<id>.log} in the state directory). virtiofsd maps
 * the guest's RAM, so the machine's memory must be shared ({@link MemoryBacking#shared()}).
 *
 * @param hostPath the host directory
 * @param tag      the tag the guest mounts (1 to {@value #MAX_TAG} bytes)
 * @param cache    how the guest caches file data and metadata
 */
public record VirtiofsShare(String hostPath, String tag, Cache cache) implements Device {
    /** The virtiofs tag limit in bytes (the device's config space). */
    public static final int MAX_TAG = 36;
    /** Debian's virtiofsd (package qemu-system-common). */
    public static final String VIRTIOFSD = "/usr/lib/qemu/virtiofsd";

    /** Refuses null components; the exception names the component. */
    public VirtiofsShare {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(cache, "cache");
    }

    /** A share of {@code hostPath} under {@code tag} with virtiofsd's default caching ({@link Cache#AUTO}). */
    public static VirtiofsShare of(String hostPath, String tag) {
        return new VirtiofsShare(hostPath, tag, Cache.AUTO);
    }

    @Override
    public String field() {
        return "virtiofs";
    }

    @Override
    public String idPrefix() {
        return "fs";
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    @Override
    public void validate(DeviceCheck check) {
        check.absolutePath(check.field("hostPath"), hostPath);
        check.mountTag(check.field("tag"), tag, MAX_TAG, "virtiofs tag");
        if (!check.machine().memoryBacking().shared()) {
            check.add(check.path(), "virtiofsd needs the guest's RAM shared, and memory.backing is not: set a shared"
                    + " backing (vm.toml: [memory] backing = { type = \"memfd\", shared = true }; or huge pages)");
        }
    }

    /** virtiofsd for the share, the chardev to its socket and the {@code vhost-user-fs-pci} device. */
    @Override
    public void render(DeviceRendering out) {
        String stateDir = out.context().stateDir().orElseThrow(() -> new JqemuException(
                out.path() + ": a machine with virtiofs shares needs RenderContext.stateDir, where virtiofsd's log goes"));
        String socket = out.context().runtimeDir() + "/virtiofsd-" + out.id() + ".sock";
        String chardev = "char-" + out.id();
        out.needs(new HostResource.SharedDirectory(hostPath, false, out.field("hostPath")));
        out.needs(new HostResource.HelperDaemon("virtiofsd", List.of(VIRTIOFSD, "--socket-path=" + socket,
                "-o", "source=" + fuseOptionValue(hostPath), "-o", "cache=" + cache.name().toLowerCase(Locale.ROOT)),
                socket, stateDir + "/virtiofsd-" + out.id() + ".log", "Debian package qemu-system-common", out.path()));
        out.commandLine("-chardev", KeyValueOptions.leading("socket").add("id", chardev).add("path", socket));
        out.device("vhost-user-fs-pci", out.json().put("chardev", chardev).put("tag", tag).put("bus", out.rootPort()));
    }

    /** A value inside a FUSE {@code -o} option list: backslash and comma escaped with a backslash. */
    static String fuseOptionValue(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }

    /** virtiofsd's cache modes ({@code -o cache=}). */
    public enum Cache {
        /** Cached, with metadata timeouts (virtiofsd's default). */
        AUTO,
        /** Cached without timeouts: fastest, for directories only the guest changes. */
        ALWAYS,
        /** Not cached: every access reaches the host (for directories the host changes too). */
        NONE
    }
}
