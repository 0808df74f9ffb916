package io.jqemu.cli.config;

import io.jqemu.core.model.ParallelPort;
import java.util.Optional;

/** {@code [[parallels]]}: parallel ports and their host side. */
final class ParallelTable implements DeviceTable<ParallelPort> {
    @Override
    public Class<ParallelPort> kind() {
        return ParallelPort.class;
    }

    @Override
    public String key() {
        return "parallels";
    }

    @Override
    public Optional<ParallelPort> read(TomlTable t) {
        Optional<ParallelPort> port = t.table("backend").flatMap(TomlValues::charBackend).map(ParallelPort::new);
        t.require("backend");
        t.finish();
        return port;
    }

    @Override
    public void write(ParallelPort port, TomlOut out) {
        out.inline("backend", TomlValues.charBackend(port.backend()));
    }
}
