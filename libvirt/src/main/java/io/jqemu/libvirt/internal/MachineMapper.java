package io.jqemu.libvirt.internal;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.RtcBase;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps the domain's scalars: name, UUID, memory, vCPUs and CPU, {@code <os>} (machine type, firmware,
 * direct kernel boot, boot menu), {@code <features>}, {@code <clock>} and the {@code on_*} events.
 *
 * <ul>
 *   <li>{@code type='kvm'} gives the KVM accelerator, {@code type='qemu'} TCG.</li>
 *   <li>{@code <memory>} is the memory size, rounded up to a MiB; a {@code <currentMemory>} below it is
 *       reported (jqemu starts the guest with all its memory; {@code jqemu balloon} sets a target).</li>
 *   <li>{@code <vcpu>N</vcpu>} without {@code <cpu><topology>} is N sockets of one core, as libvirt does.
 *       No {@code <cpu>} is QEMU's default model {@code qemu64}; {@code host-passthrough} and
 *       {@code host-model} are {@code host}; {@code custom} is the {@code <model>} by name. CPU
 *       {@code <feature>}s are not supported.</li>
 *   <li>A machine type other than q35 ({@code pc}, {@code pc-i440fx-*}) is reported and becomes
 *       {@code q35}: IDE disks sit on q35's AHCI controller, PCI devices behind PCIe root ports.</li>
 *   <li>A pflash {@code <loader>} is OVMF's code; the vars template is the domain's own {@code <nvram>}
 *       file (it holds the guest's boot entries), else its {@code template}. {@code firmware='efi'} is
 *       Debian's OVMF ({@value #DEBIAN_OVMF_CODE}).</li>
 *   <li>{@code <bootmenu enable>} is the boot menu; libvirt always boots strictly, so the import does.</li>
 *   <li>{@code on_poweroff}: {@code destroy} lets QEMU exit, {@code preserve} keeps it (no-shutdown);
 *       {@code on_reboot}: {@code restart} is QEMU's behaviour; anything else is reported.</li>
 *   <li>{@code <clock offset>} utc or localtime is the RTC base.</li>
 * </ul>
 */
final class MachineMapper {
    static final String DEBIAN_OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    static final String DEBIAN_OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";
    private static final Pattern Q35 = Pattern.compile("q35|pc-q35-[0-9]+\\.[0-9]+");
    private static final String DEFAULT_CPU_MODEL = "qemu64";

    private final TrackedElement domain;
    private final MachineBuilder builder;
    private final String type;

    MachineMapper(TrackedElement domain, MachineBuilder builder, String type) {
        this.domain = domain;
        this.builder = builder;
        this.type = type;
    }

    void map() {
        builder.accelerator(type.equalsIgnoreCase("kvm") ? Accelerator.KVM : Accelerator.TCG);
        domain.child("name").flatMap(TrackedElement::text).ifPresent(builder::name);
        domain.child("uuid").flatMap(TrackedElement::text).ifPresent(u -> {
            try {
                builder.uuid(u);
            } catch (IllegalArgumentException e) {
                throw domain.failAt("", u, "has a <uuid> that is not a UUID");
            }
        });
        memory();
        cpu();
        domain.child("os").ifPresent(this::os);
        domain.child("features").ifPresent(MachineMapper::features);
        domain.child("clock").ifPresent(this::clock);
        domain.child("on_poweroff").ifPresent(this::onPoweroff);
        domain.child("on_reboot").ifPresent(MachineMapper::onReboot);
        new DevicesMapper(domain, builder).map();
    }

    private void memory() {
        Optional<TrackedElement> memory = domain.child("memory");
        memory.ifPresent(m -> builder.memoryMib(Units.mib(m)));
        domain.child("currentMemory").ifPresent(current -> {
            long currentMib = Units.mib(current);
            if (memory.isPresent() && currentMib < Units.mib(memory.get())) {
                current.leaveOut(Reason.NOT_SUPPORTED, "jqemu starts the guest with all its memory; set a balloon "
                        + "target after start (jqemu balloon) to give " + currentMib + " MiB");
            }
        });
    }

    private void cpu() {
        int vcpus = domain.child("vcpu").map(v -> (int) v.requiredNumber()).orElse(1);
        Optional<TrackedElement> cpu = domain.child("cpu");
        String model = cpu.map(this::cpuModel).orElse(DEFAULT_CPU_MODEL);
        Optional<TrackedElement> topology = cpu.flatMap(c -> c.child("topology"));
        if (topology.isPresent()) {
            TrackedElement t = topology.get();
            int sockets = t.number("sockets").orElse(1L).intValue();
            int cores = t.number("cores").orElse(1L).intValue();
            int threads = t.number("threads").orElse(1L).intValue();
            t.attr("dies").filter(d -> !d.equals("1")).ifPresent(d ->
                    t.leaveOutAttr("dies", Reason.NOT_SUPPORTED, "jqemu's topology has no dies; the guest sees one"));
            t.attr("clusters").filter(d -> !d.equals("1")).ifPresent(d ->
                    t.leaveOutAttr("clusters", Reason.NOT_SUPPORTED, "jqemu's topology has no clusters; the guest sees one"));
            builder.cpu(new Cpu(model, sockets, cores, threads));
        } else {
            builder.cpu(new Cpu(model, vcpus, 1, 1));
        }
    }

    private String cpuModel(TrackedElement cpu) {
        String mode = cpu.attr("mode").orElse("custom");
        cpu.leaveOutAttr("match", Reason.LIBVIRT_ONLY, "how libvirt checks the CPU model against the host");
        return switch (mode) {
            case "host-passthrough", "maximum" -> mode.equals("maximum") ? "max" : "host";
            case "host-model" -> "host";
            case "custom" -> cpu.child("model").map(m -> {
                m.leaveOutAttr("fallback", Reason.LIBVIRT_ONLY, "how libvirt picks a model the host can run");
                m.leaveOutAttr("vendor_id", Reason.NOT_SUPPORTED, "jqemu does not set the CPU vendor id");
                return m.text().orElse(DEFAULT_CPU_MODEL);
            }).orElse(DEFAULT_CPU_MODEL);
            default -> throw cpu.failAt("mode", mode, "is not a libvirt CPU mode (host-passthrough, host-model, "
                    + "maximum or custom)");
        };
    }

    private void os(TrackedElement os) {
        os.attr("firmware").ifPresent(f -> {
            if (f.equals("efi")) {
                builder.firmware(Firmware.ovmf(DEBIAN_OVMF_CODE, DEBIAN_OVMF_VARS));
            } else if (!f.equals("bios")) {
                throw os.failAt("firmware", f, "is not a libvirt firmware (efi or bios)");
            }
        });
        os.child("firmware").ifPresent(fw -> fw.children("feature").forEach(feature -> {
            boolean enabled = feature.yesNo("enabled").orElse(false);
            feature.attr("name");
            if (enabled) {
                feature.leaveOut(Reason.NOT_SUPPORTED, "jqemu does not pick firmware by feature (secure boot, "
                        + "enrolled keys); name the OVMF files in <loader> and <nvram>");
            }
        }));
        os.child("type").ifPresent(this::osType);
        os.child("loader").ifPresent(loader -> {
            String kind = loader.attr("type").orElse("rom");
            loader.yesNo("readonly");
            String code = loader.text().orElseThrow(() -> loader.failAt("", "", "needs the firmware's path"));
            if (!kind.equals("pflash")) {
                loader.leaveOut(Reason.NOT_SUPPORTED, "jqemu loads OVMF as pflash only; a ROM loader is not supported");
                return;
            }
            loader.leaveOutAttr("secure", Reason.NOT_SUPPORTED, "jqemu does not enable SMM for secure boot");
            String vars = os.child("nvram").map(nvram -> {
                Optional<String> current = nvram.text();
                Optional<String> template = nvram.attr("template");
                if (current.isPresent() && template.isPresent()) {
                    nvram.leaveOutAttr("template", Reason.NO_EFFECT, "jqemu copies the domain's own vars file, "
                            + "which holds its boot entries");
                }
                return current.or(() -> template).orElse(DEBIAN_OVMF_VARS);
            }).orElse(DEBIAN_OVMF_VARS);
            builder.firmware(Firmware.ovmf(code, vars));
        });
        directKernelBoot(os);
        os.child("bootmenu").ifPresent(menu -> {
            boolean enabled = menu.yesNo("enable").orElse(false);
            builder.boot(enabled, true);
        });
        if (os.child("bootmenu").isEmpty()) {
            builder.boot(false, true);
        }
        // <boot dev> is read with the devices it points at (DeviceMapper)
    }

    private void osType(TrackedElement type) {
        String arch = type.attr("arch").orElse("x86_64");
        if (arch.equals("i686")) {
            type.leaveOutAttr("arch", Reason.NOT_SUPPORTED, "jqemu runs qemu-system-x86_64; the 32-bit guest runs on "
                    + "its 64-bit CPU");
        } else if (!arch.equals("x86_64")) {
            throw type.failAt("arch", arch, "is not supported: jqemu runs x86_64 guests");
        }
        String hvm = type.text().orElse("hvm");
        if (!hvm.equals("hvm")) {
            throw type.failAt("", hvm, "is not supported: jqemu runs hvm guests");
        }
        type.attr("machine").ifPresent(machine -> {
            if (Q35.matcher(machine).matches()) {
                builder.machineType(machine);
            } else {
                type.leaveOutAttr("machine", Reason.NOT_SUPPORTED, "jqemu builds q35 machines only; the VM becomes "
                        + "q35: IDE disks sit on its AHCI controller, PCI devices behind PCIe root ports");
            }
        });
    }

    private void directKernelBoot(TrackedElement os) {
        os.child("kernel").flatMap(TrackedElement::text).ifPresent(kernel -> {
            DirectKernelBoot boot = DirectKernelBoot.kernel(kernel);
            Optional<String> initrd = os.child("initrd").flatMap(TrackedElement::text);
            Optional<String> cmdline = os.child("cmdline").flatMap(TrackedElement::text);
            builder.directKernelBoot(new DirectKernelBoot(boot.kernel(), initrd, cmdline));
        });
    }

    private static void features(TrackedElement features) {
        for (String builtIn : new String[] {"acpi", "apic", "pae"}) {
            features.leaveOutChild(builtIn, Reason.NO_EFFECT, "QEMU's q35 machine has it on");
        }
        features.allChildren().stream().filter(f -> f.name().equals("vmport")).forEach(vmport -> {
            if (vmport.attr("state").orElse("on").equals("off")) {
                vmport.leaveOut(Reason.NO_EFFECT, "QEMU's q35 machine has no VMware port by default");
            }
        });
    }

    private void clock(TrackedElement clock) {
        String offset = clock.attr("offset").orElse("utc");
        switch (offset) {
            case "utc" -> builder.rtcBase(RtcBase.UTC);
            case "localtime" -> builder.rtcBase(RtcBase.LOCALTIME);
            default -> clock.leaveOutAttr("offset", Reason.NOT_SUPPORTED,
                    "jqemu's RTC starts from UTC or local time only; the import uses UTC");
        }
        clock.allChildren().stream().filter(t -> t.name().equals("timer")).forEach(timer -> {
            Optional<String> name = Optional.ofNullable(attrWithoutReading(timer, "name"));
            if (name.equals(Optional.of("pit")) && "delay".equals(attrWithoutReading(timer, "tickpolicy"))
                    && !timer.has("present")) {
                timer.leaveOut(Reason.NO_EFFECT, "QEMU's PIT already delays lost ticks");
            }
        });
    }

    private static String attrWithoutReading(TrackedElement element, String name) {
        return element.has(name) ? element.peek(name) : null;
    }

    private void onPoweroff(TrackedElement event) {
        String action = event.text().orElse("destroy").toLowerCase(Locale.ROOT);
        switch (action) {
            case "destroy" -> builder.noShutdown(false);
            case "preserve" -> builder.noShutdown(true);
            default -> event.leaveOut(Reason.NOT_SUPPORTED, "jqemu lets QEMU exit (destroy) or stay (preserve) when "
                    + "the guest powers off; the import lets it exit");
        }
    }

    private static void onReboot(TrackedElement event) {
        String action = event.text().orElse("restart").toLowerCase(Locale.ROOT);
        if (!action.equals("restart")) {
            event.leaveOut(Reason.NOT_SUPPORTED, "jqemu restarts the guest when it reboots, as QEMU does");
        }
    }
}
