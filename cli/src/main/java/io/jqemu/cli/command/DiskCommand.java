package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.vm.ManagedVm;
import io.jqemu.cli.vm.VmChannel;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskSize;
import io.jqemu.core.model.DiskSource;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
import io.jqemu.launcher.VmLockedException;
import io.jqemu.launcher.image.ImageException;
import io.jqemu.launcher.image.ImageInfo;
import io.jqemu.launcher.image.QemuImg;
import io.jqemu.launcher.vm.VmLock;
import io.jqemu.launcher.vm.VmRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jqemu disk create|resize|info}: disk images, with the qemu-img of the QEMU installation. */
@Command(name = "disk", mixinStandardHelpOptions = true,
        description = {"Create, grow and inspect disk images with the qemu-img beside qemu-system-x86_64 (or on PATH); "
                + "never through a shell, never over an existing file.",
                "SIZE is bytes or a number with K, M, G or T (binary: 32G = 32 GiB), a multiple of 512."},
        subcommands = {DiskCommand.Create.class, DiskCommand.Resize.class, DiskCommand.Info.class})
public final class DiskCommand {
    private static final String QEMU = "qemu-system-x86_64";

    @Mixin
    GlobalOptions global;

    /** The command group; its subcommands do the work. */
    DiskCommand() {
    }

    private static QemuImg qemuImg() {
        try {
            return QemuImg.besideQemu(QEMU);
        } catch (ImageException e) {
            throw new CommandFailedException(ExitCode.FAILED, e.getMessage(), e);
        }
    }

    private static long size(CommandSpec spec, String text) {
        try {
            return DiskSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "SIZE: " + e.getMessage());
        }
    }

    private static void say(CommandSpec spec, String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }

    private static <T> T image(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ImageException e) {
            throw new CommandFailedException(ExitCode.FAILED, e.getMessage(), e);
        }
    }

    /** {@code disk create PATH --size S [--format F] [--backing B]}. */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create a new image file (mode 0600); refuses a path that exists.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "PATH", description = "The image file to create.")
        Path path;

        @Option(names = "--size", required = true, paramLabel = "SIZE", description = "Virtual size, e.g. 32G.")
        String size;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "raw or qcow2 (default: qcow2 with --backing, raw otherwise).")
        String format;

        @Option(names = "--backing", paramLabel = "IMAGE",
                description = "A backing image the new qcow2 image starts from (absolute path).")
        Path backing;

        @Override
        public Integer call() {
            long bytes = size(spec, size);
            String chosen = format != null ? format : backing != null ? "qcow2" : "raw";
            if (!chosen.equals("raw") && !chosen.equals("qcow2")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--format: '" + chosen + "' is not one of 'raw', 'qcow2'");
            }
            if (backing != null && !chosen.equals("qcow2")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--backing: a backing image needs --format qcow2, not " + chosen);
            }
            if (backing != null && !backing.isAbsolute()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--backing: '" + backing + "' is not an absolute path");
            }
            Path file = path.toAbsolutePath();
            image(() -> {
                qemuImg().create(file, chosen, bytes, Optional.ofNullable(backing));
                return null;
            });
            say(spec, "created " + chosen + " image " + file + " of " + DiskSize.describe(bytes)
                    + (backing == null ? "" : " on backing " + backing));
            return 0;
        }
    }

    /** {@code disk resize (NAME ID | PATH) SIZE}. */
    @Command(name = "resize", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Grow a disk to SIZE (never shrink).",
                    "NAME ID SIZE: disk ID of VM NAME (ids as in jqemu detach: disk0, disk1 ...); while the VM runs it "
                            + "grows live and the guest sees the new size at once; while it is stopped its image grows "
                            + "offline (the VM cannot start meanwhile).",
                    "PATH SIZE: an image file, offline; refused while a QEMU holds the image (its lock)."})
    static final class Resize implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Parameters(arity = "2..3", paramLabel = "ARG", description = "NAME ID SIZE, or PATH SIZE.")
        List<String> args;

        @Override
        public Integer call() {
            long bytes = size(spec, args.get(args.size() - 1));
            if (args.size() == 2) {
                Path file = Path.of(args.get(0)).toAbsolutePath();
                ImageInfo before = image(() -> qemuImg().grow(file, bytes));
                say(spec, file + ": " + DiskSize.describe(before.virtualSize()) + " -> " + DiskSize.describe(bytes));
                return 0;
            }
            String name = VmNames.checked(spec, args.get(0));
            String id = args.get(1);
            Path stateDir = global.layout().stateRoot().resolve(name);
            if (Files.isDirectory(stateDir) && VmRecord.readFrom(stateDir).isPresent()) {
                JsonNode result = new VmChannel(global.layout()).send(name,
                        VmChannel.request("resize").put("id", id).put("bytes", bytes));
                say(spec, name + ": disk " + id + " " + DiskSize.describe(result.path("before").asLong()) + " -> "
                        + DiskSize.describe(bytes) + " (live)");
                return 0;
            }
            return offline(name, id, stateDir, bytes);
        }

        private int offline(String name, String id, Path stateDir, long bytes) {
            Machine machine = new ManagedVm(name, stateDir, Optional.empty()).machine().orElseThrow(() ->
                    new CommandFailedException(ExitCode.FAILED, "no VM named '" + name + "' under "
                            + global.layout().stateRoot() + " whose vm.toml is known (it is recorded by jqemu run); "
                            + "give the image's PATH instead"));
            PlacedDevice placed = machine.withResolvedIds().placedDevice(id)
                    .filter(p -> p.device() instanceof Disk)
                    .orElseThrow(() -> new CommandFailedException(ExitCode.FAILED, name + " has no disk '" + id + "'"));
            Disk disk = (Disk) placed.device();
            if (!(disk.source() instanceof DiskSource.ImageFile)) {
                throw new CommandFailedException(ExitCode.FAILED, name + ": disk " + id + " is the host block device "
                        + disk.source().path() + ", which jqemu does not resize");
            }
            Path file = Path.of(disk.source().path());
            try (VmLock lock = VmLock.acquire(stateDir, name, "jqemu disk resize " + name + " " + id)) {
                ImageInfo before = image(() -> qemuImg().grow(file, bytes));
                say(spec, name + ": disk " + id + " (" + file + ") " + DiskSize.describe(before.virtualSize()) + " -> "
                        + DiskSize.describe(bytes) + " (offline)");
                return 0;
            } catch (VmLockedException e) {
                throw new CommandFailedException(ExitCode.FAILED, e.getMessage() + "; its disk is not resized offline",
                        e);
            }
        }
    }

    /** {@code disk info PATH [--json]}. */
    @Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Show an image's format, sizes and backing file (qemu-img info; also while a VM uses it).")
    static final class Info implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "PATH", description = "The image file.")
        Path path;

        @Option(names = "--json", description = "Print qemu-img's JSON as it is.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ImageInfo info = image(() -> qemuImg().info(path.toAbsolutePath()));
            if (json) {
                say(spec, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(info.json()));
                return 0;
            }
            say(spec, "image:        " + info.path());
            say(spec, "format:       " + info.format());
            say(spec, "virtual size: " + DiskSize.describe(info.virtualSize()) + " (" + info.virtualSize() + " bytes)");
            info.actualSize().ifPresent(a -> say(spec, "disk size:    " + DiskSize.describe(a) + " (" + a + " bytes)"));
            info.backingFile().ifPresent(b -> say(spec, "backing file: " + b
                    + Optional.ofNullable(info.json().get("backing-filename-format"))
                            .map(f -> " (" + f.asText() + ")").orElse("")));
            return 0;
        }
    }
}
