package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jqemu attach NAME disk|nic|cdrom ...}: hot-plug a disk, a NIC or a CD-ROM drive into a running VM. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Hot-plug a device into a running VM. The device is described with the same keys as a "
                + "[[disks]], [[nics]] or [[cdroms]] table of vm.toml (docs/vm-toml.md); the options below set the common ones, "
                + "--toml adds any other key. Prints the device id that detach takes."},
        subcommands = {AttachCommand.Disk.class, AttachCommand.NicDevice.class, AttachCommand.CdromDevice.class})
public final class AttachCommand {

    @Spec
    CommandSpec spec;

    String name;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
    void name(String value) {
        name = VmNames.checked(spec, value);
    }

    @Mixin
    GlobalOptions global;

    /** What both device kinds share: the VM (from the parent), an id, and free TOML keys. */
    abstract static class DeviceCommand implements Callable<Integer> {
        @ParentCommand
        AttachCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--id", paramLabel = "ID", description = "Device id (default: chosen by jqemu).")
        String id;

        @Option(names = "--toml", paramLabel = "KEY=VALUE", description = "Any other key of the device's vm.toml "
                + "table, in TOML syntax.")
        List<String> toml = new ArrayList<>();

        /** Sends the device, described by {@code snippet} plus the --id and --toml keys, to the VM. */
        int attach(String table, TomlSnippet snippet) {
            snippet.string("id", id);
            toml.forEach(snippet::raw);
            JsonNode result = new VmChannel(parent.global.layout()).send(parent.name,
                    VmChannel.request("attach").put("table", table).put("toml", snippet.text()));
            spec.commandLine().getOut().println(result.path("id").asText());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code attach NAME disk PATH}. */
    @Command(name = "disk", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Hot-plug a disk (virtio-blk on a spare PCIe root port unless --attachment says otherwise).")
    static final class Disk extends DeviceCommand {

        @Parameters(index = "0", paramLabel = "PATH", description = "Image file or host block device.")
        String path;

        @Option(names = "--source", paramLabel = "KIND", description = "image-file (default) or host-block-device.")
        String source;

        @Option(names = "--format", paramLabel = "FORMAT", description = "raw (default) or qcow2.")
        String format;

        @Option(names = "--cache", paramLabel = "MODE", description = "none, writeback (default), writethrough, "
                + "directsync or unsafe.")
        String cache;

        @Option(names = "--read-only", description = "The guest may only read.")
        boolean readOnly;

        @Option(names = "--attachment", paramLabel = "TYPE",
                description = "virtio-blk (default), scsi-hd, usb-storage, ...")
        String attachment;

        @Option(names = "--lun", paramLabel = "N", description = "SCSI LUN for scsi-hd (default 0).")
        Integer lun;

        @Override
        public Integer call() {
            TomlSnippet t = new TomlSnippet().string("path", path).string("source", source).string("format", format)
                    .string("cache", cache);
            if (readOnly) {
                t.raw("read_only = true");
            }
            if (attachment != null) {
                t.raw("attachment = { type = " + TomlSnippet.quote(attachment)
                        + (lun == null ? "" : ", lun = " + lun) + " }");
            }
            return attach("disks", t);
        }
    }

    /** {@code attach NAME cdrom [PATH]}: a scsi-cd drive (ide-cd drives cannot be hot-plugged). */
    @Command(name = "cdrom", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Hot-plug a scsi-cd CD-ROM drive on a virtio-scsi controller, with an ISO image or empty.")
    static final class CdromDevice extends DeviceCommand {

        @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "The ISO image (default: an empty drive).")
        String path;

        @Option(names = "--controller", paramLabel = "N", defaultValue = "0", description = "virtio-scsi controller (default 0).")
        int controller;

        @Option(names = "--target", paramLabel = "N", defaultValue = "0", description = "SCSI target (default 0).")
        int target;

        @Option(names = "--lun", paramLabel = "N", defaultValue = "0", description = "SCSI LUN (default 0).")
        int lun;

        @Override
        public Integer call() {
            TomlSnippet t = new TomlSnippet()
                    .string("path", path == null ? null : java.nio.file.Path.of(path).toAbsolutePath().normalize().toString())
                    .raw("attachment = { type = \"scsi-cd\", controller = " + controller + ", target = " + target
                            + ", lun = " + lun + " }");
            return attach("cdroms", t);
        }
    }

    /** {@code attach NAME nic}. */
    @Command(name = "nic", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Hot-plug a NIC into a spare PCIe root port.")
    static final class NicDevice extends DeviceCommand {

        @Option(names = "--backend", paramLabel = "TYPE", defaultValue = "user",
                description = "user (default), bridged-tap, existing-tap or macvtap.")
        String backend;

        @Option(names = "--bridge", paramLabel = "BRIDGE", description = "Host bridge (bridged-tap).")
        String bridge;

        @Option(names = "--ifname", paramLabel = "IF", description = "Tap name (existing-tap; optional otherwise).")
        String ifname;

        @Option(names = "--parent", paramLabel = "IF", description = "Host interface (macvtap).")
        String parentInterface;

        @Option(names = "--model", paramLabel = "MODEL", description = "virtio-net-pci (default), e1000e, vmxnet3.")
        String model;

        @Option(names = "--mac", paramLabel = "MAC", description = "MAC address (default: derived).")
        String mac;

        @Override
        public Integer call() {
            StringBuilder be = new StringBuilder("backend = { type = ").append(TomlSnippet.quote(backend));
            if (bridge != null) {
                be.append(", bridge = ").append(TomlSnippet.quote(bridge));
            }
            if (ifname != null) {
                be.append(", ifname = ").append(TomlSnippet.quote(ifname));
            }
            if (parentInterface != null) {
                be.append(", parent = ").append(TomlSnippet.quote(parentInterface));
            }
            return attach("nics", new TomlSnippet().raw(be.append(" }").toString()).string("model", model)
                    .string("mac", mac));
        }
    }

    /** A small TOML table built from options; values are quoted, so no option can inject a key. */
    static final class TomlSnippet {
        private final StringBuilder text = new StringBuilder();

        TomlSnippet string(String key, String value) {
            if (value != null) {
                text.append(key).append(" = ").append(quote(value)).append('\n');
            }
            return this;
        }

        TomlSnippet raw(String line) {
            text.append(line).append('\n');
            return this;
        }

        String text() {
            return text.toString();
        }

        static String quote(String value) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
