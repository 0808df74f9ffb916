package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.NicModel;
import io.jqemu.core.model.VhostMode;
import io.jqemu.core.render.GuestRam;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved-state fingerprint: what a restored VM may change (its name and so its UUID, runtime
 * directory and sockets; a user-mode NIC's MAC) and what it may not, each refusal naming the field;
 * the RAM file of a template's state; headers of another version.
 */
class VmStateFileTest {
    @TempDir
    Path dir;
    private Path disk;

    @BeforeEach
    void image() throws IOException {
        disk = TestMachines.image(dir, "disk.img", 1);
    }

    /** The template machine: 192 MiB, a user-mode NIC, a bridged NIC, a disk, a serial console. */
    private MachineBuilder template(String name) throws IOException {
        return Machine.builder().name(name).memoryMib(192).spareRootPorts(1)
                .nic(Nic.virtio(NicBackend.user()))
                .nic(Nic.virtio(NicBackend.bridge("br0", VhostMode.OFF)).withMac("52:54:00:aa:bb:01"))
                .disk(Disk.imageFile(disk.toString()).build())
                .serial(new CharBackend.UnixSocket(Optional.empty()));
    }

    private static List<String> argv(Machine machine) {
        return MachineRenderer.render(machine, context(machine.name()).build()).argv();
    }

    private static RenderContext.Builder context(String name) {
        return RenderContext.builder().qmpSocket("/run/jqemu/" + name + "/qmp.sock").runtimeDir("/run/jqemu/" + name);
    }

    private static List<String> differences(Machine saved, Machine restored) {
        return VmStateFile.differences(VmStateFile.fingerprint(saved, argv(saved)),
                VmStateFile.fingerprint(restored, argv(restored)));
    }

    private List<String> differences(UnaryOperator<MachineBuilder> change) throws IOException {
        return differences(template("tmpl").build(), change.apply(template("tmpl")).build());
    }

    @Test
    void anotherNameWithItsOwnUuidSocketsAndUserNicMacIsAccepted() throws IOException {
        Machine saved = template("tmpl").build();
        Machine clone = template("clone-1").build();
        assertThat(String.join(" ", argv(clone))).contains("path=/run/jqemu/clone-1/qmp.sock")
                .doesNotContain(saved.uuid().toString());

        assertThat(differences(saved, clone)).isEmpty();
    }

    @Test
    void anExplicitOtherMacOfAUserModeNicIsAccepted() throws IOException {
        Machine saved = template("tmpl").build();
        Machine clone = Machine.builder().name("clone-2").memoryMib(192).spareRootPorts(1)
                .nic(Nic.virtio(NicBackend.user()).withMac("52:54:00:12:34:99"))
                .nic(Nic.virtio(NicBackend.bridge("br0", VhostMode.OFF)).withMac("52:54:00:aa:bb:01"))
                .disk(Disk.imageFile(dir.resolve("disk.img").toString()).build())
                .serial(new CharBackend.UnixSocket(Optional.empty())).build();

        assertThat(differences(saved, clone)).isEmpty();
    }

    @Test
    void anotherMacOfATapNicIsRefusedNamingTheNic() throws IOException {
        assertThat(differences(b -> Machine.builder().name("tmpl").memoryMib(192).spareRootPorts(1)
                .nic(Nic.virtio(NicBackend.user()))
                .nic(Nic.virtio(NicBackend.bridge("br0", VhostMode.OFF)).withMac("52:54:00:aa:bb:02"))
                .disk(Disk.imageFile(dir.resolve("disk.img").toString()).build())
                .serial(new CharBackend.UnixSocket(Optional.empty()))))
                .singleElement().asString()
                .startsWith("nics[1] (QEMU device net1): mac \"52:54:00:aa:bb:01\" when saved, now \"52:54:00:aa:bb:02\"");
    }

    @Test
    void aTapNicWithADerivedMacTiesTheStateToTheVmsName() throws IOException {
        Machine saved = Machine.builder().name("tmpl").nic(Nic.virtio(NicBackend.bridge("br0", VhostMode.OFF))).build();
        Machine clone = Machine.builder().name("clone").nic(Nic.virtio(NicBackend.bridge("br0", VhostMode.OFF))).build();

        assertThat(differences(saved, clone)).singleElement().asString().startsWith("nics[0] (QEMU device net0): mac ");
    }

    @Test
    void otherMemoryIsRefusedNamingMemoryMib() throws IOException {
        assertThat(differences(b -> b.memoryMib(256)))
                .containsExactly("memoryMib: saved with -m size=192M, now -m size=256M");
    }

    @Test
    void otherVcpusAreRefusedNamingCpu() throws IOException {
        assertThat(differences(b -> b.cpu("max", 1, 2, 1))).singleElement().asString()
                .startsWith("cpu: saved with -smp cpus=1,sockets=1,cores=1,threads=1, now -smp cpus=2");
    }

    @Test
    void anotherCpuModelIsRefusedNamingCpu() throws IOException {
        assertThat(differences(b -> b.cpu("qemu64", 1, 1, 1)))
                .containsExactly("cpu: saved with -cpu max, now -cpu qemu64");
    }

    @Test
    void anotherMachineTypeIsRefusedNamingIt() throws IOException {
        assertThat(differences(b -> b.machineType("pc-q35-7.1")))
                .containsExactly("machineType: saved with -machine type=q35, now -machine type=pc-q35-7.1");
    }

    @Test
    void anAddedDeviceIsRefusedNamingIt() throws IOException {
        assertThat(differences(b -> b.balloon(Balloon.DEFAULT))).anySatisfy(d -> assertThat(d)
                .startsWith("balloon: not in the saved machine (-device {\"driver\":\"virtio-balloon-pci\""));
    }

    @Test
    void aRemovedDeviceIsRefusedNamingIt() throws IOException {
        Machine saved = template("tmpl").build();
        Machine fewer = Machine.builder().name("tmpl").memoryMib(192).spareRootPorts(1)
                .nic(Nic.virtio(NicBackend.user()))
                .nic(Nic.virtio(NicBackend.bridge("br0", VhostMode.OFF)).withMac("52:54:00:aa:bb:01"))
                .serial(new CharBackend.UnixSocket(Optional.empty())).build();

        assertThat(differences(saved, fewer)).anySatisfy(d -> assertThat(d)
                .startsWith("disks[0]: saved with -device {\"driver\":\"virtio-blk-pci\"").endsWith(", now absent"));
    }

    @Test
    void anotherNicModelIsRefusedNamingTheNic() throws IOException {
        assertThat(differences(b -> Machine.builder().name("tmpl").memoryMib(192).spareRootPorts(1)
                .nic(Nic.of(NicModel.E1000E, NicBackend.user()))
                .nic(Nic.virtio(NicBackend.bridge("br0", VhostMode.OFF)).withMac("52:54:00:aa:bb:01"))
                .disk(Disk.imageFile(dir.resolve("disk.img").toString()).build())
                .serial(new CharBackend.UnixSocket(Optional.empty()))))
                .singleElement().asString()
                .startsWith("nics[0] (QEMU device net0): driver \"virtio-net-pci\" when saved, now \"e1000e\"");
    }

    @Test
    void otherSpareRootPortsAreRefusedNamingThem() throws IOException {
        assertThat(differences(b -> b.spareRootPorts(2))).singleElement().asString()
                .startsWith("spareRootPorts: not in the saved machine (-device {\"driver\":\"pcie-root-port\",\"id\":\"rp4\"");
    }

    @Test
    void verifyRefusesADifferentMachineNamingEveryFieldAndTheSavedVm() throws IOException {
        Machine saved = template("tmpl").build();
        Path file = write(header(saved, new VmStateFile.SavedRam(Optional.empty(), 192L << 20, false)));
        Machine other = template("clone").memoryMib(256).cpu("max", 1, 2, 1).build();

        assertThatThrownBy(() -> VmStateFile.verify(file, VmStateFile.read(file), other, argv(other),
                VmStateFile.stamp(other)))
                .isInstanceOf(StateMismatchException.class)
                .hasMessageContaining("cannot restore " + file + " into VM clone: the machine differs from the one"
                        + " saved (VM tmpl)")
                .hasMessageContaining("memoryMib: saved with -m size=192M, now -m size=256M")
                .hasMessageContaining("cpu: saved with -smp cpus=1");
        assertThatCode(() -> VmStateFile.verify(file, VmStateFile.read(file), template("clone").build(),
                argv(template("clone").build()), VmStateFile.stamp(template("clone").build())))
                .doesNotThrowAnyException();
    }

    @Test
    void aTemplatesStateNeedsItsRamFileWithTheSavedSize() throws IOException {
        Machine saved = template("tmpl").build();
        Path ram = dir.resolve("t.state.ram");
        VmStateFile.SavedRam inFile = new VmStateFile.SavedRam(Optional.of(ram.getFileName().toString()), 192L << 20, true);
        List<String> templateArgv = MachineRenderer.render(saved, context("tmpl")
                .guestRam(GuestRam.inFile("/run/jqemu/tmpl/guest-ram", true)).build()).argv();
        Path file = write(new VmStateFile.Header("tmpl", Instant.now(), VmStateFile.fingerprint(saved, templateArgv),
                VmStateFile.stamp(saved), inFile));
        Machine clone = template("clone").build();
        List<String> restoring = MachineRenderer.render(clone, context("clone").startPaused(true).incomingState(true)
                .guestRam(inFile.restoredAs(file).orElseThrow()).build()).argv();
        assertThat(restoring).contains("type=q35,memory-backend=ram0",
                "{\"qom-type\":\"memory-backend-file\",\"id\":\"ram0\",\"size\":201326592,\"mem-path\":\"" + ram
                        + "\",\"share\":false}");

        assertThatThrownBy(() -> VmStateFile.verify(file, VmStateFile.read(file), clone, restoring,
                VmStateFile.stamp(clone)))
                .isInstanceOf(StateMismatchException.class)
                .hasMessageContaining("the guest's RAM was saved in " + ram + ", which is missing");
        try (FileChannel c = FileChannel.open(ram, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        assertThatThrownBy(() -> VmStateFile.verify(file, VmStateFile.read(file), clone, restoring,
                VmStateFile.stamp(clone)))
                .hasMessageContaining("which now has 0 bytes instead of 201326592");
    }

    @Test
    void aTemplatesStateRefusesAMachineRenderedWithoutItsMemoryBackend() throws IOException {
        Machine saved = template("tmpl").build();
        List<String> templateArgv = MachineRenderer.render(saved, context("tmpl")
                .guestRam(GuestRam.inFile("/run/jqemu/tmpl/guest-ram", true)).build()).argv();
        Machine clone = template("clone").build();

        assertThat(VmStateFile.differences(VmStateFile.fingerprint(saved, templateArgv),
                VmStateFile.fingerprint(clone, argv(clone))))
                .containsExactly("machineType: saved with -machine type=q35,memory-backend=ram0, now -machine type=q35");
    }

    @Test
    void aHeaderOfAnotherVersionIsRefusedAskingForANewSave() throws IOException {
        Path file = dir.resolve("old.state");
        Files.writeString(file, "JQEMU-VM-STATE 1\n{\"vm\":\"x\"}\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> VmStateFile.read(file))
                .isInstanceOf(StateMismatchException.class)
                .hasMessageContaining("was saved by another version of jqemu (JQEMU-VM-STATE 1; this one reads"
                        + " JQEMU-VM-STATE 2): save the VM's state again");
    }

    @Test
    void theHeaderRoundTrips() throws IOException {
        Machine saved = template("tmpl").build();
        VmStateFile.Header header = header(saved,
                new VmStateFile.SavedRam(Optional.of("t.state.ram"), 192L << 20, true));

        assertThat(VmStateFile.read(write(header))).isEqualTo(header);
    }

    private static VmStateFile.Header header(Machine machine, VmStateFile.SavedRam ram) {
        return new VmStateFile.Header(machine.name(), Instant.parse("2026-12-02T12:00:00Z"),
                VmStateFile.fingerprint(machine, argv(machine)), VmStateFile.stamp(machine), ram);
    }

    private Path write(VmStateFile.Header header) throws IOException {
        Path file = dir.resolve("t.state");
        Files.deleteIfExists(file);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            c.write(VmStateFile.encode(header));
        }
        return file;
    }
}
