package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Device;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
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
        Machine all = VmToml.parse("all.toml", VmTomlCoverageTest.EVERY_KEY, Variables.of(java.util.Map.of(
                "DEV", "virtio-rng-pci", "GUEST", "/guest")));
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        for (PlacedDevice p : all.placedDevices()) {
            DeviceTable<?> table = DeviceTables.of(p.device().getClass());
            assertThat(table.key()).as(p.path()).isEqualTo(VmToml.tomlPath(p.device().field()));
            assertThat(table.single()).as(p.path()).isEqualTo(p.device().single());
            seen.add(p.device().getClass());
        }
        assertThat(seen).as("the kinds the every-key file has").containsExactlyInAnyOrderElementsOf(Device.KINDS);
    }
}
