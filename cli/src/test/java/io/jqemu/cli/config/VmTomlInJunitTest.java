package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Machine;
import io.jqemu.junit.TestVm;
import io.jqemu.junit.Vm;
import io.jqemu.launcher.VmState;
import io.jqemu.testsupport.RequiresQemu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A test VM whose machine comes from a vm.toml, through jqemu-junit's machine method (the way the
 * junit module's README shows): the extension launches it under its own name and the file's
 * settings reach QEMU.
 */
@RequiresQemu
class VmTomlInJunitTest {
    static Machine fromToml(Path dir) {
        try {
            Path file = Files.writeString(dir.resolve("vm.toml"), """
                    name = "from-toml"
                    memory_mib = 96

                    [[serials]]
                    backend = { type = "unix-socket" }
                    """);
            return VmToml.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aMachineReadFromAVmTomlRunsUnderTheExtensionsName(@Vm(machine = "fromToml") TestVm vm) {
        assertThat(vm.vm().state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.name()).isNotEqualTo("from-toml").contains("-vm");
        assertThat(vm.vm().qmp().execute("query-memory-size-summary").path("base-memory").asLong())
                .isEqualTo(96L << 20);
        assertThat(vm.vm().qmp().execute("query-name").path("name").asText()).isEqualTo(vm.name());
        assertThat(vm.console().isClosed()).isFalse();
    }
}
