package io.jqemu.cli.config;

import io.jqemu.core.model.SerialPort;
import java.util.Optional;

/** {@code [[serials]]}: serial ports and their host side. */
final class SerialTable implements DeviceTable<SerialPort> {
    @Override
    public Class<SerialPort> kind() {
        return SerialPort.class;
    }

    @Override
    public String key() {
        return "serials";
    }

    @Override
    public Optional<SerialPort> read(TomlTable t) {
        Optional<SerialPort> port = t.table("backend").flatMap(TomlValues::charBackend).map(SerialPort::new);
        t.require("backend");
        t.finish();
        return port;
    }

    @Override
    public void write(SerialPort port, TomlOut out) {
        out.inline("backend", TomlValues.charBackend(port.backend()));
    }
}
