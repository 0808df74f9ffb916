package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cloud-init NoCloud seed: the files {@code user-data}, {@code meta-data} and (when given)
 * {@code network-config}, which the launcher writes into the directory {@value #DIRECTORY_NAME} of
 * the VM's runtime directory; QEMU serves that directory to the guest as a read-only FAT16 disk
 * labelled {@value #LABEL} ({@code vvfat} block driver) on a {@code virtio-blk-pci} device with id
 * {@code cidata0}. The directory is removed with the runtime directory when the VM ends.
 *
 * @param userData      the user-data; empty writes an empty file
 * @param metaData      the meta-data; empty writes {@code instance-id} and {@code local-hostname}
 *                      set to the VM's name
 * @param networkConfig the network-config, written only when given
 */
public record CloudInit(Optional<Content> userData, Optional<Content> metaData, Optional<Content> networkConfig)
        implements Device {
    /** The FAT volume label cloud-init's NoCloud data source looks for. */
    public static final String LABEL = "cidata";
    /** The seed directory's name in the VM's runtime directory. */
    public static final String DIRECTORY_NAME = "cloud-init";

    /** Requires every part (each may be empty). */
    public CloudInit {
        Objects.requireNonNull(userData, "userData");
        Objects.requireNonNull(metaData, "metaData");
        Objects.requireNonNull(networkConfig, "networkConfig");
    }

    /** A seed file's content: text given inline, or a host file copied into the seed. */
    public sealed interface Content permits Content.Inline, Content.HostFile {
        /** The text itself. */
        record Inline(String text) implements Content {
            /** Requires the text. */
            public Inline {
                Objects.requireNonNull(text, "text");
            }
        }

        /** A host file, copied into the seed directory when the VM starts. */
        record HostFile(String path) implements Content {
            /** Requires the path. */
            public HostFile {
                Objects.requireNonNull(path, "path");
            }
        }
    }

    /** A seed with only user-data given inline. */
    public static CloudInit userData(String text) {
        return new CloudInit(Optional.of(new Content.Inline(text)), Optional.empty(), Optional.empty());
    }

    @Override
    public String field() {
        return "cloudInit";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public String idPrefix() {
        return "cidata";
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    /** The block node of the seed drive with device id {@code id}. */
    public static String seedNode(String id) {
        return "seed-" + id;
    }

    /** The seed directory of a machine rendered with runtime directory {@code runtimeDir}. */
    public static String directory(String runtimeDir) {
        return runtimeDir + "/" + DIRECTORY_NAME;
    }

    @Override
    public void validate(DeviceCheck check) {
        content(check, "userData", userData);
        content(check, "metaData", metaData);
        content(check, "networkConfig", networkConfig);
    }

    private static void content(DeviceCheck check, String name, Optional<Content> content) {
        content.ifPresent(c -> {
            switch (c) {
                case Content.Inline i -> check.text(check.field(name), i.text());
                case Content.HostFile f -> check.absolutePath(check.field(name + "File"), f.path());
            }
        });
    }

    @Override
    public void render(DeviceRendering out) {
        String directory = directory(out.context().runtimeDir());
        String name = out.machine().name();
        List<HostResource.SeedFile> files = new ArrayList<>();
        files.add(file(out, "user-data", "userData", userData.orElse(new Content.Inline(""))));
        files.add(file(out, "meta-data", "metaData", metaData.orElse(
                new Content.Inline("instance-id: \"" + name + "\"\nlocal-hostname: \"" + name + "\"\n"))));
        networkConfig.ifPresent(c -> files.add(file(out, "network-config", "networkConfig", c)));
        out.needs(new HostResource.SeedDirectory(directory, files, out.path()));
        String node = seedNode(out.id());
        out.blockNode(node, out.json()
                .put("driver", "vvfat")
                .put("node-name", node)
                .put("dir", directory)
                .put("fat-type", 16)
                .put("floppy", false)
                .put("label", LABEL)
                .put("rw", false)
                .put("read-only", true));
        out.device("virtio-blk-pci", out.json().put("bus", out.rootPort()).put("drive", node));
    }

    private static HostResource.SeedFile file(DeviceRendering out, String fileName, String field, Content content) {
        String path = content instanceof Content.HostFile ? out.field(field + "File") : out.field(field);
        return new HostResource.SeedFile(fileName, content, path);
    }
}
