package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.ScsiController;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Iothreads and a shared memfd backing in a real QEMU: {@code query-iothreads} lists each declared
 * iothread with a host thread of its own, the devices' {@code iothread} links point at theirs, and the
 * machine's RAM is the memfd object, shared.
 */
@Timeout(60)
@RequiresQemu
class IothreadsOnRealQemuTest {

    @Test
    void devicesRunTheirIoInTheIothreadsTheyName() throws Exception {
        Path dir = TestDirs.create("iothreads");
        Path image = dir.resolve("disk0.raw");
        HostFreeMachines.createImage(image, DiskFormat.RAW);
        Machine machine = Machine.builder().name("iothreads").memoryMib(128).spareRootPorts(0)
                .memoryBacking(MemoryBacking.sharedMemfd())
                .iothread("blk").iothread("scsi")
                .scsiController(ScsiController.virtioScsi().withIothread("scsi"))
                .disk(Disk.imageFile(image.toString()).virtioBlk("blk"))
                .build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));

        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            QemuVerifier.verify(machine, rendered.argv(), qemu.qmp());
            Map<String, Long> threads = new HashMap<>();
            for (JsonNode t : qemu.qmp().execute("query-iothreads")) {
                threads.put(t.path("id").asText(), t.path("thread-id").asLong());
            }
            assertThat(threads).containsOnlyKeys("blk", "scsi");
            assertThat(threads.get("blk")).isPositive().isNotEqualTo(threads.get("scsi"));
            assertThat(qemu.qmp().qomGet("/machine/peripheral/disk0", "iothread").asText()).isEqualTo("/objects/blk");
            assertThat(qemu.qmp().qomGet("/machine/peripheral/scsi0", "iothread").asText()).isEqualTo("/objects/scsi");
            assertThat(qemu.qmp().qomGet("/machine", "memory-backend").asText()).isEqualTo("/objects/ram0");
            assertThat(qemu.qmp().qomGet("/objects/ram0", "type").asText()).isEqualTo("memory-backend-memfd");
            assertThat(qemu.qmp().qomGet("/objects/ram0", "share").asBoolean()).isTrue();
        }
    }
}
