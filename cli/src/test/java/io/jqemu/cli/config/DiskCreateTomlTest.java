package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.DiskCreation;
import io.jqemu.core.model.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code create} on {@code [[disks]]} reads into the model's {@link DiskCreation} (bad values: malformed/50-disk-create.toml). */
class DiskCreateTomlTest {
    @TempDir
    Path dir;

    @Test
    void sizesWithSuffixesOrInBytesAndABackingAreRead() throws Exception {
        Path file = Files.writeString(dir.resolve("vm.toml"), """
                name = "x"

                [[disks]]
                path = "/srv/system.qcow2"
                format = "qcow2"
                create = { size = "32G", backing = "/srv/base.qcow2" }

                [[disks]]
                path = "/srv/data.raw"
                create = { size = 1_073_741_824 }

                [[disks]]
                path = "/srv/plain.raw"
                """);

        Machine machine = VmToml.read(file, Variables.of(Map.of()));

        assertThat(machine.disks().get(0).create()).contains(new DiskCreation(32L << 30, Optional.of("/srv/base.qcow2")));
        assertThat(machine.disks().get(1).create()).contains(DiskCreation.ofSize(1L << 30));
        assertThat(machine.disks().get(2).create()).isEmpty();
    }
}
