package io.jqemu.cli.config;

import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Device;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.UsbController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** vm.toml written from a machine reads back into an equal machine. */
class VmTomlWriterTest {
    private static final Variables VARIABLES = Variables.of(Map.of("JQEMU_GUEST_DIR", "/srv/guest",
            "DEV", "virtio-rng-pci", "GUEST", "/srv/guest"));

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../examples"))) {
            List<Path> tomls = files.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
            assertThat(tomls).isNotEmpty();
            return tomls.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleRoundTrips(Path example) {
        Machine read = VmToml.read(example, VARIABLES);

        String written = VmTomlWriter.write(read);

        assertThat(VmToml.parse("written.toml", written, VARIABLES)).as(written).isEqualTo(read);
    }

    @Test
    void everyKeyRoundTrips() {
        Machine read = VmToml.parse("all.toml", VmTomlCoverageTest.EVERY_KEY, VARIABLES);

        String written = VmTomlWriter.write(read);

        assertThat(VmToml.parse("written.toml", written, VARIABLES)).as(written).isEqualTo(read);
    }

    @Test
    void defaultsAreLeftOutAndKeysFollowTheDocumentedOrder() {
        Machine m = Machine.builder().name("small").uuid("11111111-2222-3333-4444-555555555555").memoryMib(512)
                .cpu("host", 1, 2, 1).usb(UsbController.xhci()).balloon(Balloon.DEFAULT).build();

        assertThat(VmTomlWriter.write(m)).isEqualTo("""
                name = "small"
                uuid = "11111111-2222-3333-4444-555555555555"
                memory_mib = 512

                [cpu]
                model = "host"
                cores = 2

                [usb]

                [balloon]
                """);
    }

    @Test
    void headerCommentsComeFirstOneLineEach() {
        Machine m = Machine.builder().name("c").uuid("11111111-2222-3333-4444-555555555555").build();

        String written = VmTomlWriter.write(m, List.of("imported from dom.xml", "", "two\nlines"));

        assertThat(written).startsWith("# imported from dom.xml\n#\n# two\n# lines\n\nname = \"c\"\n");
        assertThat(VmToml.parse("c.toml", written, VARIABLES)).isEqualTo(m);
    }

    @Test
    void dollarsQuotesAndControlCharactersSurvive() {
        Machine m = Machine.builder().name("s").uuid("11111111-2222-3333-4444-555555555555")
                .unsafeExtraArgs(List.of("${HOME}", "a\"b\\c", "tab\there", "nl\nx", "ü€", "$$", "\u007f\u0001"))
                .build();

        String written = VmTomlWriter.write(m);

        assertThat(VmToml.parse("s.toml", written, Variables.of(Map.of()))).as(written).isEqualTo(m);
    }

    @Test
    void aVncPortVmTomlCannotNameIsAnErrorNotAWrongFile() {
        Machine valid = Machine.builder().name("v").uuid("11111111-2222-3333-4444-555555555555").build();
        Display display = new Display(new Graphics.Vnc(ConsoleListener.tcp("127.0.0.1", 5800), ConsoleAuth.NONE),
                java.util.Optional.empty());
        Machine m = new Machine(valid.name(), valid.uuid(), valid.machineType(), valid.accelerator(), valid.cpu(),
                valid.memoryMib(), valid.memoryBacking(), valid.lockMemory(), valid.iothreads(), valid.cpuPinning(),
                valid.firmware(), valid.rtcBase(), valid.noShutdown(), valid.boot(),
                valid.directKernelBoot(), valid.sandbox(), valid.spareRootPorts(), valid.devices(), display,
                valid.unsafeExtraArgs(), valid.runAs());

        assertThatThrownBy(() -> VmTomlWriter.write(m)).isInstanceOf(JqemuException.class)
                .hasMessageContaining("display.graphics: VNC port 5800");
    }

    @Test
    void everyDeviceKindHasAWriterThatTheReaderUnderstands() {
        assertThat(MachineArbitraries.SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(Device.KINDS);
        MachineArbitraries.SAMPLES.forEach((kind, device) -> {
            DeviceTable<?> table = DeviceTables.of(kind);
            TomlOut out = new TomlOut();
            table.writeDevice(device, out);

            assertThat(VmToml.device(table.key(), out.lines())).as(out.lines()).isEqualTo(device);
        });
    }
}
