package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.Machine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code iothreads}, the devices naming them, and {@code [cpu] pinning}: read, written back, refused at their keys. */
class IothreadsAndPinningTomlTest {
    private static Machine parse(String text) {
        return VmToml.parse("vm.toml", text, Variables.of(Map.of()));
    }

    private static List<String> problemPaths(String text) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> parse(text));
        assertThat(e).as("the file should have been refused").isNotNull();
        return e.problems().stream().map(p -> p.location().map(l -> l.line() + ":" + l.column()).orElse("?") + " "
                + p.fieldPath()).toList();
    }

    @Test
    void aTunedMachineReadsAndWritesBack() {
        Machine m = parse("""
                name = "nas"
                iothreads = ["io0", "io1"]

                [cpu]
                cores = 2
                pinning = { vcpus = ["2", "3"], emulator = "0-1", iothreads = { io1 = "1" } }

                [[scsi_controllers]]
                iothread = "io1"

                [[disks]]
                path = "/srv/nas.qcow2"
                format = "qcow2"
                attachment = { type = "virtio-blk", iothread = "io0" }
                """);

        assertThat(m.iothreads()).containsExactly("io0", "io1");
        assertThat(m.cpuPinning()).isEqualTo(new CpuPinning(List.of("2", "3"), Optional.of("0-1"), Map.of("io1", "1")));
        assertThat(m.scsiControllers().get(0).iothread()).contains("io1");
        assertThat(m.disks().get(0).attachment()).isEqualTo(new DiskAttachment.VirtioBlk(Optional.of("io0")));
        String written = VmTomlWriter.write(m);
        assertThat(written).contains("iothreads = [\"io0\", \"io1\"]\n")
                .contains("pinning = { vcpus = [\"2\", \"3\"], emulator = \"0-1\", iothreads = { \"io1\" = \"1\" } }")
                .contains("attachment = { type = \"virtio-blk\", iothread = \"io0\" }");
        assertThat(parse(written)).isEqualTo(m);
    }

    @Test
    void unknownIothreadsAndBadSetsAreReportedWhereTheyAreWritten() {
        assertThat(problemPaths("""
                name = "nas"
                iothreads = ["io0"]

                [cpu]
                pinning = { vcpus = ["0-"], iothreads = { io7 = "1" } }

                [[scsi_controllers]]
                iothread = "fast"

                [[disks]]
                path = "/srv/nas.raw"
                attachment = { type = "virtio-blk", iothread = "io9" }
                """)).containsExactlyInAnyOrder("5:22 cpu.pinning.vcpus[0]", "5:49 cpu.pinning.iothreads.io7",
                "8:12 scsi_controllers[0].iothread", "12:48 disks[0].attachment.iothread");
    }

    @Test
    void pinningKeysAreChecked() {
        assertThat(problemPaths("""
                name = "nas"

                [cpu]
                pinning = { vcpu = ["0"] }
                """)).containsExactly("4:13 cpu.pinning.vcpu");
    }
}
