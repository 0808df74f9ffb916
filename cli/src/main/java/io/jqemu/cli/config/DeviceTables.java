package io.jqemu.cli.config;

import io.jqemu.core.model.Device;
import io.jqemu.core.model.MachineBuilder;
import java.util.List;
import java.util.Optional;

/** Every device kind's vm.toml table, and reading them all (in {@link Device#KINDS} order) into a machine. */
final class DeviceTables {
    /** One per kind of {@link Device#KINDS}. */
    static final List<DeviceTable<?>> ALL = List.of(new UsbTable(), new ScsiControllerTable(), new DiskTable(),
            new CdromTable(), new CloudInitTable(),
            new NicTable(), new VfioTable(), new VirtualFunctionTable(), new UsbHostTable(), new UsbRedirTable(),
            new SerialTable(), new ParallelTable(), new ShareTable(), new BalloonTable(), new RngTable(),
            new GuestAgentTable(),
            new TpmTable(), new VirtiofsTable());

    private DeviceTables() {
    }

    /** The table of {@code kind}. */
    static DeviceTable<?> of(Class<? extends Device> kind) {
        return ALL.stream().filter(t -> t.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalStateException("no vm.toml table for " + kind.getSimpleName()));
    }

    /** The table with vm.toml key {@code key}, if a device kind has it. */
    static Optional<DeviceTable<?>> byKey(String key) {
        return ALL.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    /** Reads every device table of {@code root} into {@code builder}. */
    static void read(TomlTable root, MachineBuilder builder) {
        for (Class<? extends Device> kind : Device.KINDS) {
            DeviceTable<?> table = of(kind);
            if (table.single()) {
                root.table(table.key()).flatMap(table::read).ifPresent(builder::device);
            } else {
                root.tables(table.key()).forEach(t -> table.read(t).ifPresent(builder::device));
            }
        }
    }
}
