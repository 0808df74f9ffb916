package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.QmpSchemaException;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher checks every command against the QEMU's schema by default, read once per binary; real QEMU, no guest. */
@RequiresQemu
@SchemaRefusalGuard.Expected
class SchemaCheckDefaultTest {
    @TempDir
    Path dir;

    @Test
    void vmsOfOneBinaryShareOneSchemaAndWrongCommandsAreRefusedBeforeSending() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        try (RunningVm first = launcher.launch(TestMachines.empty("schema-a").build(), LaunchOptions.startPaused());
             RunningVm second = launcher.launch(TestMachines.empty("schema-b").build(), LaunchOptions.startPaused())) {
            assertThat(first.qmp().schema()).isPresent();
            assertThat(second.qmp().schema().orElseThrow()).isSameAs(first.qmp().schema().orElseThrow());
            long refusedBefore = SchemaCaches.refusalCount();

            assertThatThrownBy(() -> first.qmp().execute("qom-set", JsonNodeFactory.instance.objectNode()
                    .put("path", "/machine").put("property", "x").put("valu", 1)))
                    .isInstanceOf(QmpSchemaException.class)
                    .hasMessageContaining("QMP command 'qom-set' has no argument 'valu'");
            assertThatThrownBy(() -> second.qmp().execute("device_add", JsonNodeFactory.instance.objectNode()
                    .put("driver", "virtio-rng-pci").put("id", "rng9").put("bus", "rp0").put("max-byte", 8)))
                    .isInstanceOf(QmpSchemaException.class)
                    .hasMessageContaining("QMP command 'device_add' has no argument 'max-byte' for driver 'virtio-rng-pci'")
                    .hasMessageContaining("max-bytes");
            assertThat(second.qmp().execute("qom-list", JsonNodeFactory.instance.objectNode()
                    .put("path", "/machine/peripheral")).toString()).doesNotContain("rng9");
            assertThat(SchemaCaches.refusalCount()).isEqualTo(refusedBefore + 2);
        }
    }

    @Test
    void theCheckCanBeTurnedOff() throws Exception {
        Launcher launcher = Launcher.builder().stateRoot(dir.resolve("state"))
                .runtimeRoot(TestMachines.shortTempDir("jqr")).qemuBinary(io.jqemu.testsupport.QemuBinary.path())
                .schemaCheck(false).build();
        try (RunningVm vm = launcher.launch(TestMachines.empty("schema-off").build(), LaunchOptions.startPaused())) {
            assertThat(vm.qmp().schema()).isEmpty();
            assertThatThrownBy(() -> vm.qmp().execute("qom-set", JsonNodeFactory.instance.objectNode()
                    .put("path", "/machine").put("property", "x").put("valu", 1)))
                    .isInstanceOf(io.jqemu.qmp.QmpErrorException.class);
        }
    }
}
