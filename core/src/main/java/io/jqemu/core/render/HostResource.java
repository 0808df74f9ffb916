package io.jqemu.core.render;

import io.jqemu.core.model.CloudInit;
import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.PciAddress;
import io.jqemu.core.model.UsbHost;
import java.util.List;
import java.util.Objects;

/**
 * Something the launcher must prepare or check on the host before QEMU starts. Core never touches the
 * host; it only lists these. Each carries the model field path it comes from, so host errors can name it.
 * The launcher has one handler per kind, which checks, applies, undoes and describes it.
 */
public sealed interface HostResource
        permits HostResource.ImageFile, HostResource.BlockDevice, HostResource.OvmfVars, HostResource.TapToCreate,
                HostResource.ExistingTap, HostResource.MacvtapToCreate, HostResource.VfioDevice,
                HostResource.UsbHostDevice, HostResource.HostDeviceNode, HostResource.ListeningSocket,
                HostResource.OutputFile, HostResource.SharedDirectory, HostResource.Kvm,
                HostResource.SriovVirtualFunction, HostResource.ImageToCreate,
                HostResource.SeedDirectory,
                HostResource.HugePageMemory, HostResource.HostCpus,
                HostResource.HelperDaemon, HostResource.TpmState,
                HostResource.ConsolePasswordFile, HostResource.QemuUser,
                HostResource.LockedMemory {

    /** The model field this resource comes from, e.g. {@code disks[1].path}. */
    String fieldPath();

    /** How QEMU opens a file or device. */
    enum Access {
        /** Read only. */
        READ_ONLY,
        /** Read and write. */
        READ_WRITE
    }

    /** An image file that must exist and be accessible. */
    record ImageFile(String path, Access access, String fieldPath) implements HostResource {
        /** Requires the path, the access and the field path. */
        public ImageFile {
            Objects.requireNonNull(path);
            Objects.requireNonNull(access);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A host block device that must exist and be accessible. */
    record BlockDevice(String path, Access access, String fieldPath) implements HostResource {
        /** Requires the path, the access and the field path. */
        public BlockDevice {
            Objects.requireNonNull(path);
            Objects.requireNonNull(access);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** The per-VM OVMF vars file: copy {@code template} to {@code target} when the target does not exist yet. */
    record OvmfVars(String template, String target, String fieldPath) implements HostResource {
        /** Requires the template, the target and the field path. */
        public OvmfVars {
            Objects.requireNonNull(template);
            Objects.requireNonNull(target);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A tap the launcher creates (owned by QEMU's user) and adds to {@code bridge}; QEMU opens it by name. */
    record TapToCreate(String name, String bridge, boolean vhost, String fieldPath) implements HostResource {
        /** Requires the tap name, the bridge and the field path. */
        public TapToCreate {
            Objects.requireNonNull(name);
            Objects.requireNonNull(bridge);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A tap that must already exist; QEMU opens it by name. */
    record ExistingTap(String name, boolean vhost, String fieldPath) implements HostResource {
        /** Requires the tap name and the field path. */
        public ExistingTap {
            Objects.requireNonNull(name);
            Objects.requireNonNull(fieldPath);
        }
    }

    /**
     * A macvtap the launcher creates on {@code parent} with the guest's MAC; the launcher opens its
     * {@code /dev/tapN} (and /dev/vhost-net when {@code vhost}) and hands the descriptors to QEMU under the
     * names given in {@link RenderContext#tapFds()} for NIC {@code nicId}, or over QMP under
     * {@link TapFds#monitorNames(String, boolean)} ({@link RenderContext#monitorTapFds()}).
     */
    record MacvtapToCreate(String name, String parent, MacvtapMode mode, String mac, boolean vhost, String nicId,
                           String fieldPath) implements HostResource {
        /** Requires every part: name, parent, mode, MAC, NIC id and field path. */
        public MacvtapToCreate {
            Objects.requireNonNull(name);
            Objects.requireNonNull(parent);
            Objects.requireNonNull(mode);
            Objects.requireNonNull(mac);
            Objects.requireNonNull(nicId);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A host PCI device (and its IOMMU group) to bind to vfio-pci. */
    record VfioDevice(PciAddress hostAddress, String fieldPath) implements HostResource {
        /** Requires the host address and the field path. */
        public VfioDevice {
            Objects.requireNonNull(hostAddress);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A host USB device QEMU opens through libusb (needs access to its /dev/bus/usb node). */
    record UsbHostDevice(UsbHost.Selector selector, String fieldPath) implements HostResource {
        /** Requires the selector and the field path. */
        public UsbHostDevice {
            Objects.requireNonNull(selector);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A host device node QEMU opens: a serial or parallel port (read-write) or an entropy source (read). */
    record HostDeviceNode(String path, String fieldPath) implements HostResource {
        /** Requires the path and the field path. */
        public HostDeviceNode {
            Objects.requireNonNull(path);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A unix socket QEMU will listen on: its directory must exist, a stale socket must be removed. */
    record ListeningSocket(String path, String fieldPath) implements HostResource {
        /** Requires the socket path and the field path. */
        public ListeningSocket {
            Objects.requireNonNull(path);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A file QEMU appends output to: its directory must exist. */
    record OutputFile(String path, String fieldPath) implements HostResource {
        /** Requires the file path and the field path. */
        public OutputFile {
            Objects.requireNonNull(path);
            Objects.requireNonNull(fieldPath);
        }
    }

    /** A directory shared over 9p: it must exist. */
    record SharedDirectory(String path, boolean readOnly, String fieldPath) implements HostResource {
        /** Requires the directory and the field path. */
        public SharedDirectory {
            Objects.requireNonNull(path);
            Objects.requireNonNull(fieldPath);
        }
    }

    /**
     * Guest RAM on huge pages: the host must have a hugetlbfs mount with pages of this size at
     * {@code mount}, and at least {@code pages} free huge pages of that size.
     *
     * @param pageSizeBytes the huge page size
     * @param pages         how many pages the guest's memory takes
     * @param mount         the directory QEMU creates the memory file in (a hugetlbfs mount or a directory in one)
     * @param fieldPath     the model field asking for huge pages ({@code memory.backing})
     */
    record HugePageMemory(long pageSizeBytes, long pages, String mount, String fieldPath) implements HostResource {
        /** Requires the mount and the field path, and a positive page size and count. */
        public HugePageMemory {
            Objects.requireNonNull(mount);
            Objects.requireNonNull(fieldPath);
            if (pageSizeBytes <= 0 || pages <= 0) {
                throw new IllegalArgumentException(fieldPath + ": page size and page count must be positive");
            }
        }
    }

    /**
     * Host CPUs QEMU threads are pinned to: every one must be online on the host.
     *
     * @param cpus      the set, in the kernel's list format ({@code 0-3,8})
     * @param fieldPath the model field naming the set, e.g. {@code cpu.pinning.vcpus[1]}
     */
    record HostCpus(String cpus, String fieldPath) implements HostResource {
        /** Requires the set and the field path. */
        public HostCpus {
            Objects.requireNonNull(cpus);
            Objects.requireNonNull(fieldPath);
        }
    }

    /**
     * Memory QEMU locks ({@code -overcommit mem-lock=on}): the locked-memory limit QEMU inherits must
     * allow at least the guest's memory, unless QEMU may lock without limit ({@code CAP_IPC_LOCK}).
     *
     * @param guestBytes the guest's memory; QEMU locks this and its own memory
     * @param fieldPath  the model field asking for it ({@code memory.lock})
     */
    record LockedMemory(long guestBytes, String fieldPath) implements HostResource {
        /** Requires the field path. */
        public LockedMemory {
            Objects.requireNonNull(fieldPath);
        }
    }

    /** KVM asked for explicitly ({@code accelerator = kvm}): {@code /dev/kvm} must be able to run a guest. */
    record Kvm(String fieldPath) implements HostResource {
        /** Requires the field path. */
        public Kvm {
            Objects.requireNonNull(fieldPath);
        }
    }

    /**
     * An SR-IOV virtual function passed through: the physical function gets {@code vfCount} virtual
     * functions enabled (restored on release), and function {@code vfIndex} is bound to vfio-pci like a
     * {@link VfioDevice}.
     *
     * @param physicalFunction the SR-IOV capable host device
     * @param vfIndex          which virtual function (0-based, as in the physical function's {@code virtfn<i>})
     * @param vfCount          how many virtual functions the physical function must have enabled
     * @param virtualFunction  the host address of virtual function {@code vfIndex}, as the launcher computes it
     *                         before the functions exist; the argv names this device
     * @param fieldPath        the model field this resource comes from
     */
    record SriovVirtualFunction(PciAddress physicalFunction, int vfIndex, int vfCount, PciAddress virtualFunction,
                                String fieldPath) implements HostResource {
        /** Requires every part, and {@code vfIndex} among the {@code vfCount} functions. */
        public SriovVirtualFunction {
            Objects.requireNonNull(physicalFunction);
            Objects.requireNonNull(virtualFunction);
            Objects.requireNonNull(fieldPath);
            if (vfIndex < 0 || vfIndex >= vfCount) {
                throw new IllegalArgumentException(fieldPath + ": virtual function " + vfIndex
                        + " is not among the " + vfCount + " enabled on " + physicalFunction);
            }
        }
    }

    /**
     * An image file created when it is missing, with the {@code qemu-img} of the QEMU installation
     * that runs the VM; an existing file is never overwritten and must pass {@code image}'s checks.
     *
     * @param image      the image file QEMU then opens (its field is the disk's path)
     * @param format     the QEMU format name, {@code raw} or {@code qcow2}
     * @param sizeBytes  the virtual size in bytes
     * @param backing    the backing image of a new qcow2 image, if any
     * @param qemuBinary the QEMU binary the VM runs; {@code qemu-img} is looked for beside it, then on {@code PATH}
     * @param fieldPath  the model field asking for the creation, e.g. {@code disks[1].create}
     */
    record ImageToCreate(ImageFile image, String format, long sizeBytes, java.util.Optional<String> backing,
                         String qemuBinary, String fieldPath) implements HostResource {
        /** Requires every part. */
        public ImageToCreate {
            Objects.requireNonNull(image);
            Objects.requireNonNull(format);
            Objects.requireNonNull(backing);
            Objects.requireNonNull(qemuBinary);
            Objects.requireNonNull(fieldPath);
        }
    }

    /**
     * A directory the launcher writes before QEMU starts (a cloud-init seed), private to the user, and
     * removes when the VM ends; QEMU serves it to the guest.
     *
     * @param path      the directory
     * @param files     the files written into it
     * @param fieldPath the model field this resource comes from
     */
    record SeedDirectory(String path, List<SeedFile> files, String fieldPath) implements HostResource {
        /** Requires every part and copies the files. */
        public SeedDirectory {
            Objects.requireNonNull(path);
            Objects.requireNonNull(fieldPath);
            files = List.copyOf(files);
        }
    }

    /**
     * One file of a {@link SeedDirectory}.
     *
     * @param name      the file's name in the directory
     * @param content   its text, or the host file it is copied from
     * @param fieldPath the model field it comes from (the host file's, for a copied one)
     */
    record SeedFile(String name, CloudInit.Content content, String fieldPath) {
        /** Requires every part. */
        public SeedFile {
            Objects.requireNonNull(name);
            Objects.requireNonNull(content);
            Objects.requireNonNull(fieldPath);
        }
    }

    /**
     * A helper process the launcher starts before QEMU and supervises (swtpm, virtiofsd): started from
     * {@code argv} (no shell) in its own session, its stdout and stderr appended to {@code logFile}, ready
     * once it listens on {@code socket}; ended (SIGTERM, then SIGKILL) and its socket removed when the VM
     * ends or its launch fails. A helper that cannot start or dies before it listens fails the launch
     * with its own output.
     *
     * @param program     the helper's name in messages, e.g. {@code swtpm}
     * @param argv        the whole command, the executable first (a path, or a name looked up on {@code PATH})
     * @param socket      the unix socket the helper listens on and QEMU connects to
     * @param logFile     the file its stdout and stderr are appended to
     * @param installHint where the executable comes from, for the error when it is missing
     * @param fieldPath   the model field this resource comes from
     */
    record HelperDaemon(String program, List<String> argv, String socket, String logFile, String installHint,
                        String fieldPath) implements HostResource {
        /** Requires every part and a non-empty command. */
        public HelperDaemon {
            Objects.requireNonNull(program);
            Objects.requireNonNull(socket);
            Objects.requireNonNull(logFile);
            Objects.requireNonNull(installHint);
            Objects.requireNonNull(fieldPath);
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException(fieldPath + ": a helper needs a command");
            }
        }
    }

    /**
     * A file holding a remote console's password: a regular file owned by the launching user that no
     * one else can read or write ({@code 0600} or stricter). Only the launcher reads it.
     */
    record ConsolePasswordFile(String path, String fieldPath) implements HostResource {
        /** Requires the path and the field path. */
        public ConsolePasswordFile {
            Objects.requireNonNull(path);
            Objects.requireNonNull(fieldPath);
        }
    }

    /**
     * The state directory of a TPM emulator, kept across runs: created private ({@code 0700}) and
     * initialised with {@code swtpm_setup} on first use.
     *
     * @param directory the directory
     * @param fieldPath the model field this resource comes from
     */
    record TpmState(String directory, String fieldPath) implements HostResource {
        /** Requires every part. */
        public TpmState {
            Objects.requireNonNull(directory);
            Objects.requireNonNull(fieldPath);
        }
    }

    /**
     * The unprivileged host user QEMU switches to ({@code -runas}): it must exist; the launcher hands it
     * the VM's taps, runtime directory, OVMF vars file and vfio group nodes.
     */
    record QemuUser(String name, String fieldPath) implements HostResource {
        /** Requires the name and the field path. */
        public QemuUser {
            Objects.requireNonNull(name);
            Objects.requireNonNull(fieldPath);
        }
    }
}
