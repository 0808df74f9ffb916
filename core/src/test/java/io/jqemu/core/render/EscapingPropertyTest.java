package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.Rng;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbRedir;
import io.jqemu.core.model.VfioPci;
import io.jqemu.core.model.VhostMode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For arbitrary strings (commas, '=', quotes, backslashes, spaces, newlines, non-ASCII, control
 * characters, NUL, lone surrogates) in every user-supplied string field, rendering either rejects the
 * value naming that field, or the value reaches its option exactly and alone (no extra option appears).
 */
class EscapingPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RenderContext CTX = RenderContext.builder().ovmfVars("/vars.fd").build();

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> nasty = Arbitraries.strings().withChars(",=\"'\\ \n\t{}[]:;/-.aZ0é日\u0000\u0001\u007f")
                .withChars('\uD83D', '\uDE00').ofMinLength(0).ofMaxLength(24);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(24);
        Arbitrary<String> pathLike = nasty.map(s -> "/" + s);
        return Arbitraries.oneOf(nasty, anything, pathLike);
    }

    @Property(tries = 300)
    void escapeRoundTripsThroughQemuOptionSyntax(@ForAll("hostile") String a, @ForAll("hostile") String b) {
        String rendered = KeyValueOptions.leading("socket").add("id", "x").add("path", a).add("host", b).render();
        assertThat(QemuOptsParser.parse(rendered)).containsExactly(
                Map.entry("", "socket"), Map.entry("id", "x"), Map.entry("path", a), Map.entry("host", b));
    }

    @Property(tries = 200)
    void machineName(@ForAll("hostile") String s) {
        check(s, "name", b -> b.name(s), argv -> QemuOptsParser.parse(option(argv, "-name")).get("guest"),
                argv -> QemuOptsParser.parse(option(argv, "-name")).keySet().equals(java.util.Set.of("guest", "debug-threads")));
    }

    @Property(tries = 200)
    void diskPath(@ForAll("hostile") String s) {
        check(s, "disks[0].path", b -> b.disk(Disk.imageFile(s)),
                argv -> json(argv, "-blockdev", 0).path("filename").asText(), argv -> true);
    }

    @Property(tries = 200)
    void diskId(@ForAll("hostile") String s) {
        check(s, "disks[0].id", b -> b.disk(Disk.imageFile("/a.img").id(s)),
                argv -> json(argv, "-device", lastRootPort(argv) + 1).path("id").asText(), argv -> true);
    }

    @Property(tries = 200)
    void ovmfPaths(@ForAll("hostile") String s) {
        check(s, "firmware.codePath", b -> b.ovmf(s, "/vars.template"),
                argv -> json(argv, "-blockdev", 0).path("filename").asText(), argv -> true);
        check(s, "firmware.varsTemplate", b -> b.ovmf("/code.fd", s), argv -> s, argv -> true);
    }

    @Property(tries = 200)
    void sharePathAndMountTag(@ForAll("hostile") String s) {
        check(s, "shares[0].hostPath",
                b -> b.share(new SharedDirectory(s, "tag", SharedDirectory.SecurityModel.MAPPED_XATTR, true)),
                argv -> QemuOptsParser.parse(option(argv, "-fsdev")).get("path"),
                argv -> QemuOptsParser.parse(option(argv, "-fsdev")).size() == 5);
        check(s, "shares[0].mountTag",
                b -> b.share(new SharedDirectory("/srv", s, SharedDirectory.SecurityModel.NONE, false)),
                argv -> json(argv, "-device", lastRootPort(argv) + 1).path("mount_tag").asText(), argv -> true);
    }

    @Property(tries = 200)
    void charBackendPaths(@ForAll("hostile") String s) {
        check(s, "serials[0].backend.path", b -> b.serial(CharBackend.unixSocket(s)),
                argv -> QemuOptsParser.parse(chardev(argv, "charserial0")).get("path"),
                argv -> QemuOptsParser.parse(chardev(argv, "charserial0")).size() == 5);
        check(s, "parallels[0].backend.path", b -> b.parallel(CharBackend.file(s)),
                argv -> QemuOptsParser.parse(chardev(argv, "charparallel0")).get("path"),
                argv -> QemuOptsParser.parse(chardev(argv, "charparallel0")).size() == 4);
        check(s, "serials[0].backend.path", b -> b.serial(CharBackend.hostDevice(s)),
                argv -> QemuOptsParser.parse(chardev(argv, "charserial0")).get("path"), argv -> true);
    }

    @Property(tries = 200)
    void hostsAndAddresses(@ForAll("hostile") String s) {
        check(s, "serials[0].backend.host", b -> b.serial(CharBackend.tcpClient(s, 7000)),
                argv -> QemuOptsParser.parse(chardev(argv, "charserial0")).get("host"),
                argv -> QemuOptsParser.parse(chardev(argv, "charserial0")).size() == 5);
        check(s, "usbRedirs[0].host", b -> b.usb(UsbController.xhci()).usbRedir(UsbRedir.of(s, 4000)),
                argv -> QemuOptsParser.parse(chardev(argv, "charusbredir0")).get("host"), argv -> true);
        check(s, "display.graphics.address", b -> b.display(new Display(Graphics.spice(s, 5900), java.util.Optional.empty())),
                argv -> QemuOptsParser.parse(option(argv, "-spice")).get("addr"),
                argv -> QemuOptsParser.parse(option(argv, "-spice")).size() == 2);
    }

    @Property(tries = 200)
    void networkNames(@ForAll("hostile") String s) {
        check(s, "nics[0].backend.ifname", b -> b.nic(Nic.virtio(NicBackend.existingTap(s, VhostMode.OFF))),
                argv -> json(argv, "-netdev", 0).path("ifname").asText(), argv -> true);
        check(s, "nics[0].backend.bridge", b -> b.nic(Nic.virtio(NicBackend.bridge(s, VhostMode.OFF))), argv -> s, argv -> true);
        check(s, "nics[0].mac", b -> b.nic(Nic.virtio(NicBackend.user()).withMac(s)),
                argv -> json(argv, "-device", lastRootPort(argv) + 1).path("mac").asText(), argv -> true);
    }

    @Property(tries = 200)
    void machineTypeAndCpuModel(@ForAll("hostile") String s) {
        check(s, "machineType", b -> b.machineType(s),
                argv -> QemuOptsParser.parse(option(argv, "-machine")).get("type"),
                argv -> QemuOptsParser.parse(option(argv, "-machine")).size() == 1);
        check(s, "cpu.model", b -> b.cpu(s, 1, 1, 1), argv -> option(argv, "-cpu"), argv -> true);
    }

    @Property(tries = 200)
    void directKernelBoot(@ForAll("hostile") String s) {
        check(s, "directKernelBoot.kernel", b -> b.directKernelBoot(s), argv -> option(argv, "-kernel"),
                argv -> Collections.frequency(argv, "-kernel") == 1 && !argv.contains("-initrd") && !argv.contains("-append")
                        && argv.get(argv.indexOf("-kernel") + 2).equals("-device"));
        check(s, "directKernelBoot.initrd", b -> b.directKernelBoot(DirectKernelBoot.kernel("/k").withInitrd(s)),
                argv -> option(argv, "-initrd"),
                argv -> argv.indexOf("-initrd") == argv.indexOf("-kernel") + 2 && Collections.frequency(argv, "-initrd") == 1
                        && argv.get(argv.indexOf("-initrd") + 2).equals("-device"));
        check(s, "directKernelBoot.cmdline", b -> b.directKernelBoot(DirectKernelBoot.kernel("/k").withCmdline(s)),
                argv -> option(argv, "-append"),
                argv -> argv.indexOf("-append") == argv.indexOf("-kernel") + 2 && Collections.frequency(argv, "-append") == 1
                        && argv.get(argv.indexOf("-append") + 2).equals("-device"));
    }

    @Property(tries = 200)
    void remainingFields(@ForAll("hostile") String s) {
        check(s, "display.graphics.address", b -> b.display(new Display(Graphics.vnc(s, 1), java.util.Optional.empty())),
                argv -> QemuOptsParser.parse(option(argv, "-vnc")).get("vnc").replaceAll(":1$", "").replaceAll("^\\[(.*)]$", "$1"),
                argv -> QemuOptsParser.parse(option(argv, "-vnc")).size() == 2);
        check(s, "display.graphics.socket", b -> b.display(new Display(
                        new Graphics.Vnc(ConsoleListener.unixSocket(s), ConsoleAuth.PASSWORD), java.util.Optional.empty())),
                argv -> QemuOptsParser.parse(option(argv, "-vnc")).get("vnc").replaceAll("^unix:", ""),
                argv -> QemuOptsParser.parse(option(argv, "-vnc")).size() == 2);
        check(s, "display.graphics.socket", b -> b.display(new Display(
                        new Graphics.Spice(ConsoleListener.unixSocket(s), ConsoleAuth.NONE), java.util.Optional.empty())),
                argv -> QemuOptsParser.parse(option(argv, "-spice")).get("addr"),
                argv -> QemuOptsParser.parse(option(argv, "-spice")).size() == 3);
        check(s, "nics[0].backend.forwards[0].hostAddress", b -> b.nic(Nic.virtio(NicBackend.user(PortForward.tcp(s, 2222, 22)))),
                argv -> json(argv, "-netdev", 0).path("hostfwd").path(0).path("str").asText().replaceAll("^tcp:(.*):2222-:22$", "$1"),
                argv -> json(argv, "-netdev", 0).path("hostfwd").size() == 1);
        check(s, "disks[0].attachment.port", b -> b.usb(UsbController.xhci()).disk(Disk.imageFile("/a.img").usbStorage(s, false)),
                argv -> json(argv, "-device", lastRootPort(argv) + 2).path("port").asText(), argv -> true);
        check(s, "vfioDevices[0].hostAddress", b -> b.vfio(VfioPci.of(s)), argv -> s, argv -> true);
        check(s, "vfioDevices[0].guestAddress", b -> b.vfio(VfioPci.of("01:00.0").atGuestAddress(s, false)),
                argv -> s, argv -> true);
        check(s, "rng.source", b -> b.rng(new Rng(s)), argv -> json(argv, "-object", 0).path("filename").asText(), argv -> true);
        check(s, "nics[0].id", b -> b.nic(Nic.virtio(NicBackend.user()).withId(s)),
                argv -> json(argv, "-netdev", 0).path("id").asText().replaceFirst("^netdev-", ""), argv -> true);
    }

    /**
     * Builds a machine with {@code s} in one field: either the build is rejected with a violation at
     * {@code path}, or {@code landed} reads exactly {@code s} back and {@code alone} holds.
     */
    private static void check(String s, String path, Function<MachineBuilder, MachineBuilder> set,
                              Function<List<String>, String> landed, Function<List<String>, Boolean> alone) {
        Machine m;
        try {
            m = set.apply(Machine.builder().name("vm")).build();
        } catch (InvalidMachineException e) {
            assertThat(e.violations()).extracting(Violation::path).as("rejection of %s", s).contains(path);
            assertThat(e.violations()).as("only the hostile field is rejected")
                    .allSatisfy(v -> assertThat(v.path()).startsWith(path));
            return;
        }
        List<String> argv = MachineRenderer.render(m, CTX).argv();
        assertThat(landed.apply(argv)).as("value of %s", path).isEqualTo(s);
        assertThat(alone.apply(argv)).as("no option injected through %s: %s", path, argv).isTrue();
    }

    private static String option(List<String> argv, String name) {
        int i = argv.indexOf(name);
        assertThat(i).as("%s in %s", name, argv).isNotNegative();
        return argv.get(i + 1);
    }

    private static String chardev(List<String> argv, String id) {
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals("-chardev") && argv.get(i + 1).contains("id=" + id + ",")) {
                return argv.get(i + 1);
            }
        }
        throw new AssertionError("no chardev " + id + " in " + argv);
    }

    private static JsonNode json(List<String> argv, String option, int nth) {
        int seen = 0;
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option) && seen++ == nth) {
                try {
                    return JSON.readTree(argv.get(i + 1));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + argv.get(i + 1), e);
                }
            }
        }
        throw new AssertionError("no " + option + " #" + nth + " in " + argv);
    }

    private static int lastRootPort(List<String> argv) {
        int count = 0;
        for (String a : argv) {
            if (a.contains("\"pcie-root-port\"")) {
                count++;
            }
        }
        return count - 1;
    }
}
