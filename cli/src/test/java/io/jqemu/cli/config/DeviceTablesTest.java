package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Device;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every device kind has exactly one vm.toml table, keyed by the kind's field in snake case. */
class DeviceTablesTest {

    @Test
    void everyKindHasOneTable() {
        assertThat(DeviceTables.ALL.stream().<Class<?>>map(DeviceTable::kind).toList())
                .containsExactlyInAnyOrderElementsOf(Device.KINDS);
    }

    @Test
    void aTablesKeyIsItsKindsFieldAndItsCardinalityTheKinds() {
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        for (String example : java.util.List.of("s1-dsm", "s2-openwrt", "s3-storage", "s4-passthrough")) {
            Machine m = VmToml.read(Path.of("../examples/" + example + ".toml"), Variables.of(java.util.Map.of()));
            for (PlacedDevice p : m.placedDevices()) {
                DeviceTable<?> table = DeviceTables.of(p.device().getClass());
                assertThat(table.key()).as(p.path()).isEqualTo(VmToml.tomlPath(p.device().field()));
                assertThat(table.single()).as(p.path()).isEqualTo(p.device().single());
                seen.add(p.device().getClass());
            }
        }
        assertThat(seen).as("kinds the examples show").hasSizeGreaterThanOrEqualTo(Device.KINDS.size() - 1);
    }
}
