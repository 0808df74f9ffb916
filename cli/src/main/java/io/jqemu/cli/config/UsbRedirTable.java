package io.jqemu.cli.config;

import io.jqemu.core.model.UsbRedir;
import java.util.Optional;

/** {@code [[usb_redirs]]}: USB devices redirected over TCP. */
final class UsbRedirTable implements DeviceTable<UsbRedir> {
    @Override
    public Class<UsbRedir> kind() {
        return UsbRedir.class;
    }

    @Override
    public String key() {
        return "usb_redirs";
    }

    @Override
    public Optional<UsbRedir> read(TomlTable t) {
        Optional<String> host = t.requiredString("host");
        Optional<Long> port = t.integer("port", 1, 65535);
        t.require("port");
        Optional<String> usbPort = t.string("usb_port");
        t.finish();
        return host.flatMap(h -> port.map(p -> new UsbRedir(h, p.intValue(), usbPort)));
    }

    @Override
    public void write(UsbRedir redir, TomlOut out) {
        out.string("host", redir.host());
        out.integer("port", redir.port());
        out.string("usb_port", redir.usbPort());
    }
}
