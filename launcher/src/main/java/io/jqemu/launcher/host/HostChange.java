package io.jqemu.launcher.host;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.pci.PciAddresses;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One change made to the host for a VM, as recorded in its undo journal before it is made. */
public sealed interface HostChange {

    /** The journal form: a type word and its fields, tab separated and URL-encoded. */
    List<String> fields();

    /** A one-line description for logs and errors. */
    String describe();

    /**
     * A directory the launcher created (the per-VM runtime directory); undone by deleting it.
     *
     * @param directory the directory
     */
    record DirectoryCreated(Path directory) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("directory-created", directory.toString());
        }

        @Override
        public String describe() {
            return "created directory " + directory;
        }
    }

    /**
     * Virtual functions enabled on an SR-IOV physical function; undone by restoring the previous count.
     *
     * @param physicalFunction the physical function
     * @param previousCount    {@code sriov_numvfs} before the change
     * @param count            {@code sriov_numvfs} asked for
     */
    record SriovEnabled(PciAddress physicalFunction, int previousCount, int count) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("sriov-enabled", physicalFunction.toString(), Integer.toString(previousCount),
                    Integer.toString(count));
        }

        @Override
        public String describe() {
            return "set sriov_numvfs of " + physicalFunction + " from " + previousCount + " to " + count;
        }
    }

    /**
     * A device bound to vfio-pci; undone by giving it back to its original driver.
     *
     * @param fieldPath      the configuration field that asked for it
     * @param device         the device
     * @param originalDriver its driver before, empty when it had none
     */
    record VfioBound(String fieldPath, PciAddress device, Optional<String> originalDriver) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("vfio-bound", device.toString(), originalDriver.orElse(""), fieldPath);
        }

        @Override
        public String describe() {
            return "bound " + device + " to vfio-pci (was " + originalDriver.orElse("unbound") + ")";
        }
    }

    /**
     * A persistent tap the launcher created; undone by deleting it.
     *
     * @param name the interface name
     */
    record TapCreated(String name) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("tap-created", name);
        }

        @Override
        public String describe() {
            return "created tap " + name;
        }
    }

    /**
     * A tap added to a bridge; undone by removing the port.
     *
     * @param tap    the tap
     * @param bridge the bridge
     */
    record TapAttached(String tap, String bridge) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("tap-attached", tap, bridge);
        }

        @Override
        public String describe() {
            return "attached tap " + tap + " to bridge " + bridge;
        }
    }

    /**
     * A macvtap link the launcher created; undone by deleting it.
     *
     * @param name the interface name
     */
    record MacvtapCreated(String name) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("macvtap-created", name);
        }

        @Override
        public String describe() {
            return "created macvtap " + name;
        }
    }

    /**
     * A disk image the launcher created because it was missing; undone (the file deleted) only when
     * the launch or hot-plug that created it fails. Once the VM has started with it, the entry is
     * marked kept ({@link UndoJournal#markKept}): the image is the user's data from then on.
     *
     * @param fieldPath the field that asked for it, e.g. {@code disks[1].create}
     * @param image     the image file
     */
    record ImageCreated(String fieldPath, Path image) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("image-created", image.toString(), fieldPath);
        }

        @Override
        public String describe() {
            return "created disk image " + image;
        }
    }

    /**
     * A supervised helper process started for the VM (swtpm, virtiofsd); undone by ending every
     * process running {@code executable} with {@code socket} in its arguments (SIGTERM, then SIGKILL)
     * and removing the socket. Found by its command line rather than a pid, so that the undo also
     * finds a helper whose controller died between starting it and learning its pid.
     *
     * @param fieldPath  the model field that asked for it, e.g. {@code tpm}
     * @param executable the helper's executable as started (a path or a name on {@code PATH})
     * @param socket     the unix socket it listens on, unique to the VM
     */
    record HelperStarted(String fieldPath, String executable, Path socket) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("helper-started", executable, socket.toString(), fieldPath);
        }

        @Override
        public String describe() {
            return "started " + Path.of(executable).getFileName() + " listening on " + socket;
        }
    }

    /**
     * A file or device node handed to the user QEMU runs as ({@code chown}); undone by giving it back
     * to its previous owner and group.
     *
     * @param path        the file or node
     * @param previousUid its owner before the change
     * @param previousGid its group before the change
     */
    record OwnerChanged(Path path, int previousUid, int previousGid) implements HostChange {
        @Override
        public List<String> fields() {
            return List.of("owner-changed", path.toString(), Integer.toString(previousUid), Integer.toString(previousGid));
        }

        @Override
        public String describe() {
            return "handed " + path + " to the QEMU user (was uid " + previousUid + ", gid " + previousGid + ")";
        }
    }

    /** The journal line form of this change. */
    default String encode() {
        return String.join("\t", fields().stream().map(f -> URLEncoder.encode(f, StandardCharsets.UTF_8)).toList());
    }

    /** Parses {@link #encode()}'s form; the error names the line. */
    static HostChange decode(String line) {
        List<String> f = Arrays.stream(line.split("\t", -1)).map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                .toList();
        try {
            return switch (f.get(0)) {
                case "directory-created" -> new DirectoryCreated(Path.of(f.get(1)));
                case "sriov-enabled" -> new SriovEnabled(PciAddresses.parse("journal", f.get(1)),
                        Integer.parseInt(f.get(2)), Integer.parseInt(f.get(3)));
                case "vfio-bound" -> new VfioBound(f.get(3), PciAddresses.parse("journal", f.get(1)),
                        Optional.of(f.get(2)).filter(s -> !s.isEmpty()));
                case "tap-created" -> new TapCreated(f.get(1));
                case "tap-attached" -> new TapAttached(f.get(1), f.get(2));
                case "macvtap-created" -> new MacvtapCreated(f.get(1));
                case "image-created" -> new ImageCreated(f.get(2), Path.of(f.get(1)));
                case "helper-started" -> new HelperStarted(f.get(3), f.get(1), Path.of(f.get(2)));
                case "owner-changed" -> new OwnerChanged(Path.of(f.get(1)), Integer.parseInt(f.get(2)),
                        Integer.parseInt(f.get(3)));
                default -> throw new HostException("unknown host change '" + f.get(0) + "' in the undo journal");
            };
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new HostException("malformed undo journal entry: " + line, e);
        }
    }
}
