package io.jqemu.cli.config;

import io.jqemu.core.model.Device;
import java.util.Optional;

/**
 * How one device kind is written in vm.toml: a table ({@code [balloon]}) for kinds a machine has at
 * most one of, an array of tables ({@code [[disks]]}) for the others, keyed by the kind's field in
 * snake case. Each reader reports its problems on the table and finishes it.
 *
 * @param <D> the device kind
 */
interface DeviceTable<D extends Device> {
    /** The kind this table describes. */
    Class<D> kind();

    /** The vm.toml key: the kind's {@link Device#field()} in snake case ({@code vfio_devices}). */
    String key();

    /** Whether it is one table ({@code [balloon]}) rather than an array of tables ({@code [[disks]]}). */
    default boolean single() {
        return false;
    }

    /** Reads one device; empty when a problem was reported. */
    Optional<D> read(TomlTable table);

    /**
     * Writes one device as the keys {@link #read} reads back into an equal device, leaving out the keys
     * whose value is the reader's default.
     */
    void write(D device, TomlOut out);

    /** {@link #write} for a device known to be of this table's kind. */
    default void writeDevice(Device device, TomlOut out) {
        write(kind().cast(device), out);
    }
}
