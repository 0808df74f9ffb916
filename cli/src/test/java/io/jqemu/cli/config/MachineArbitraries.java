package io.jqemu.cli.config;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.AioMode;
import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.CacheMode;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.DetectZeroes;
import io.jqemu.core.model.Device;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.GuestAgent;
import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.NicModel;
import io.jqemu.core.model.ParallelPort;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.Rng;
import io.jqemu.core.model.ScsiController;
import io.jqemu.core.model.SerialPort;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.UsbHub;
import io.jqemu.core.model.UsbRedir;
import io.jqemu.core.model.VfioPci;
import io.jqemu.core.model.Vga;
import io.jqemu.core.model.VhostMode;
import io.jqemu.core.model.VirtualFunction;
import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.CloudInit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Machines and devices for the vm.toml writer's properties: one sample per device kind, and generators. */
final class MachineArbitraries {
    /** One device of every kind, with values other than the defaults. */
    static final Map<Class<? extends Device>, Device> SAMPLES = Map.ofEntries(
            Map.entry(UsbController.class, new UsbController(List.of(new UsbHub("1"), new UsbHub("1.2")))),
            Map.entry(ScsiController.class, new ScsiController(Optional.of(8), Optional.of("io.1"))),
            Map.entry(Disk.class, Disk.hostDevice("/dev/sd$b").format(DiskFormat.QCOW2).readOnly(true)
                    .cache(CacheMode.NONE).aio(AioMode.NATIVE).discard(DiscardMode.UNMAP)
                    .detectZeroes(DetectZeroes.ON).usbStorage("3", true).bootIndex(2).id("boot").build()),
            Map.entry(Nic.class, new Nic(NicBackend.user(new PortForward(PortForward.Protocol.UDP, Optional.empty(), 53,
                    Optional.of("10.0.2.15"), 5353)), NicModel.VMXNET3, Optional.of("52:54:00:00:00:09"),
                    Optional.of(3), Optional.of("lan"))),
            Map.entry(VfioPci.class, new VfioPci("0000:01:00.1", Optional.of("00:10.1"), true, Optional.of(true), true,
                    Optional.of(4), Optional.of("gpu"))),
            Map.entry(VirtualFunction.class, new VirtualFunction("0000:03:00.0", 2, 4, Optional.of(false),
                    Optional.of(5), Optional.of("vfx"))),
            Map.entry(UsbHost.class, new UsbHost(new UsbHost.Selector.ByAddress(2, 7), Optional.of("4"),
                    Optional.of("stick"))),
            Map.entry(UsbRedir.class, new UsbRedir("redir.example", 4000, Optional.of("2"))),
            Map.entry(SerialPort.class, new SerialPort(CharBackend.tcpClient("ser2net", 7000))),
            Map.entry(ParallelPort.class, new ParallelPort(CharBackend.file("/var/log/lpt $1"))),
            Map.entry(SharedDirectory.class, new SharedDirectory("/srv/a\"b", "tag", SharedDirectory.SecurityModel.PASSTHROUGH,
                    true)),
            Map.entry(Balloon.class, new Balloon(true, false)),
            Map.entry(Rng.class, new Rng("/dev/hwrng")),
            Map.entry(GuestAgent.class, new GuestAgent()),
            Map.entry(io.jqemu.core.model.Tpm.class, new io.jqemu.core.model.Tpm()),
            Map.entry(io.jqemu.core.model.VirtiofsShare.class, new io.jqemu.core.model.VirtiofsShare("/srv/a,b\\c", "nas",
                    io.jqemu.core.model.VirtiofsShare.Cache.NONE)),
            Map.entry(Cdrom.class, Cdrom.medium("/iso/debian 12.iso").scsiCd(0, 1, 2).bootIndex(1).id("install").build()),
            Map.entry(CloudInit.class, new CloudInit(Optional.of(new CloudInit.Content.Inline("#cloud-config\nusers: []\n")),
                    Optional.of(new CloudInit.Content.HostFile("/srv/seed/meta $x")), Optional.empty())));

    private MachineArbitraries() {
    }

    /** Absolute paths with characters that need quoting or escaping in TOML and in vm.toml variables. */
    static Arbitrary<String> paths() {
        return Arbitraries.strings().withChars("abz09 ,=$\"\\{}'üé€\t").ofMaxLength(12).map(s -> "/" + s);
    }

    static Arbitrary<String> texts() {
        return Arbitraries.strings().all().ofMaxLength(12);
    }

    static <T> Arbitrary<Optional<T>> optional(Arbitrary<T> value) {
        return value.optional(0.5);
    }

    static Arbitrary<Cpu> cpus() {
        return Combinators.combine(Arbitraries.of("max", "host", "qemu64", "Haswell"), Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 2),
                Arbitraries.of(List.<String>of(), List.of("+avx2"), List.of("-svm", "+pcid", "+sse4.1")),
                optional(Arbitraries.of(HyperV.of(HyperV.Enlightenment.RELAXED),
                        HyperV.of(HyperV.Enlightenment.SPINLOCKS, HyperV.Enlightenment.TIME).withSpinlockRetries(0x2fff))))
                .as(Cpu::new);
    }

    /** Every memory backing, with a 2M huge page size (the machines' memory is then made a multiple of it). */
    static Arbitrary<MemoryBacking> memoryBackings() {
        return Arbitraries.oneOf(Arbitraries.just(MemoryBacking.DEFAULT),
                Arbitraries.of(false, true).map(MemoryBacking.Memfd::new),
                Combinators.combine(optional(paths()), Arbitraries.of(2L << 20, 1L << 30)).as(MemoryBacking.HugePages::new),
                Combinators.combine(paths(), Arbitraries.of(false, true)).as(MemoryBacking.File::new));
    }

    /** Pinnings for {@code machine}: nothing, or sets for its vCPUs, the emulator and some of its iothreads. */
    static Arbitrary<CpuPinning> pinnings(io.jqemu.core.model.Machine machine) {
        Arbitrary<String> sets = Arbitraries.of("0", "1", "0-1", "2-3,7", "4095");
        Arbitrary<CpuPinning> some = Combinators.combine(sets.list().ofSize(machine.cpu().vcpus()).injectDuplicates(0.5),
                optional(sets), sets).as((vcpus, emulator, io) -> {
                    Map<String, String> iothreads = new java.util.HashMap<>();
                    machine.iothreads().stream().limit(2).forEach(name -> iothreads.put(name, io));
                    return new CpuPinning(vcpus, emulator, iothreads);
                });
        return Arbitraries.oneOf(Arbitraries.just(CpuPinning.NONE), some);
    }

    static Arbitrary<Firmware> firmwares() {
        return Arbitraries.oneOf(Arbitraries.just(Firmware.seaBios()),
                Combinators.combine(paths(), paths()).as(Firmware::ovmf), Arbitraries.just(Firmware.secureBoot()));
    }

    static Arbitrary<Optional<DirectKernelBoot>> kernels() {
        return optional(Combinators.combine(paths(), optional(Arbitraries.strings().alpha().ofMinLength(1).map(s -> "/" + s)),
                optional(Arbitraries.strings().withChars("ab ,=\"'$").ofMaxLength(10)))
                .as(DirectKernelBoot::new));
    }

    static Arbitrary<Disk> disks() {
        Arbitrary<DiskAttachment> attachments = Arbitraries.oneOf(Arbitraries.just(new DiskAttachment.VirtioBlk()),
                Arbitraries.integers().between(0, 5).map(DiskAttachment.IdeHd::new),
                Arbitraries.integers().between(0, 6).map(lun -> new DiskAttachment.ScsiHd(0, 0, lun)),
                Arbitraries.just(DiskAttachment.usbStorage()));
        return Combinators.combine(paths(), Arbitraries.of(DiskFormat.class), Arbitraries.of(false, true),
                Arbitraries.of(CacheMode.class), optional(Arbitraries.of(AioMode.THREADS, AioMode.IO_URING)),
                Arbitraries.of(DiscardMode.class), Arbitraries.of(DetectZeroes.OFF, DetectZeroes.ON), attachments)
                .as((path, format, ro, cache, aio, discard, zeroes, attachment) -> new Disk(
                        new io.jqemu.core.model.DiskSource.ImageFile(path), format, ro, cache, aio, discard, zeroes,
                        attachment, Optional.empty(), Optional.empty()));
    }

    static Arbitrary<Nic> nics() {
        Arbitrary<NicBackend> backends = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 65535).map(p -> NicBackend.user(PortForward.tcp("127.0.0.1", p, 22))),
                Arbitraries.of(VhostMode.class).map(v -> NicBackend.existingTap("tap0", v)),
                Arbitraries.of(VhostMode.class).map(v -> NicBackend.bridge("br0", v)),
                Arbitraries.of(MacvtapMode.class).map(m -> NicBackend.macvtap("eth0", m, VhostMode.OFF)));
        return Combinators.combine(backends, Arbitraries.of(NicModel.class), optional(Arbitraries.of("52:54:00:12:34:56")))
                .as((backend, model, mac) -> new Nic(backend, model, mac, Optional.empty(), Optional.empty()));
    }

    static Arbitrary<CharBackend> charBackends() {
        return Arbitraries.oneOf(Arbitraries.just(CharBackend.pty()), paths().map(CharBackend::unixSocket),
                Arbitraries.integers().between(1, 65535).map(p -> CharBackend.tcpServer("127.0.0.1", p)),
                paths().map(CharBackend::file));
    }

    static Arbitrary<Display> displays() {
        Arbitrary<Graphics> graphics = Arbitraries.oneOf(Arbitraries.just(Graphics.none()),
                Combinators.combine(Arbitraries.integers().between(0, 99), Arbitraries.of(ConsoleAuth.class))
                        .as((d, auth) -> new Graphics.Vnc(ConsoleListener.tcp("127.0.0.1", 5900 + d), auth)),
                Arbitraries.of(ConsoleAuth.class).map(auth -> new Graphics.Spice(ConsoleListener.privateSocket(), auth)),
                Arbitraries.integers().between(1, 65535).map(p -> Graphics.spice("0.0.0.0", p)));
        Arbitrary<Optional<Vga>> vgas = optional(Combinators.combine(Arbitraries.of(Vga.Model.STD, Vga.Model.QXL),
                optional(Arbitraries.integers().between(1, 64))).as(Vga::new));
        return Combinators.combine(graphics, vgas).as(Display::new);
    }

    /** Devices of every kind, few of each. */
    static Arbitrary<List<Device>> devices() {
        Arbitrary<List<Device>> some = Combinators.combine(
                Arbitraries.of(false, true), disks().list().ofMaxSize(3), nics().list().ofMaxSize(2),
                charBackends().list().ofMaxSize(2), Arbitraries.of(false, true), Arbitraries.of(false, true),
                Arbitraries.of(false, true), paths()).as((usb, disks, nics, serials, balloon, agent, rng, share) -> {
                    List<Device> all = new ArrayList<>();
                    boolean needsUsb = usb || disks.stream().anyMatch(d -> d.attachment() instanceof DiskAttachment.UsbStorage);
                    if (needsUsb) {
                        all.add(UsbController.xhci());
                    }
                    if (disks.stream().anyMatch(d -> d.attachment() instanceof DiskAttachment.ScsiHd)) {
                        all.add(ScsiController.virtioScsi());
                    }
                    all.addAll(disks);
                    all.addAll(nics);
                    serials.forEach(s -> all.add(new SerialPort(s)));
                    if (balloon) {
                        all.add(new Balloon(true, true));
                    }
                    if (agent) {
                        all.add(new GuestAgent());
                    }
                    if (rng) {
                        all.add(Rng.URANDOM);
                    }
                    all.add(new SharedDirectory(share, "share", SharedDirectory.SecurityModel.MAPPED_FILE, false));
                    return all;
                });
        Arbitrary<List<Device>> passThrough = Combinators.combine(Arbitraries.of(false, true), Arbitraries.of(false, true),
                Arbitraries.of(false, true), Arbitraries.of(false, true), charBackends())
                .as((vfio, vf, usb, parallel, lpt) -> {
                    List<Device> all = new ArrayList<>();
                    if (vfio) {
                        all.add(VfioPci.of("0000:01:00.0").withRombar(false));
                    }
                    if (vf) {
                        all.add(VirtualFunction.of("0000:03:00.0", 0, 2));
                    }
                    if (usb) {
                        all.add(UsbHost.byIds(0x0781, 0x5567));
                        all.add(UsbRedir.of("192.0.2.1", 4000));
                    }
                    if (parallel) {
                        all.add(new ParallelPort(lpt));
                    }
                    return all;
                });
        return Combinators.combine(some, passThrough).as((a, b) -> {
            List<Device> all = new ArrayList<>(a);
            all.addAll(b);
            if (all.stream().anyMatch(d -> d instanceof UsbHost) && all.stream().noneMatch(d -> d instanceof UsbController)) {
                all.add(UsbController.xhci());
            }
            return all;
        });
    }
}
