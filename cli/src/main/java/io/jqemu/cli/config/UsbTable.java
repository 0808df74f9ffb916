package io.jqemu.cli.config;

import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbHub;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code [usb]}: the xHCI controller and its hubs. */
final class UsbTable implements DeviceTable<UsbController> {
    @Override
    public Class<UsbController> kind() {
        return UsbController.class;
    }

    @Override
    public String key() {
        return "usb";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public Optional<UsbController> read(TomlTable t) {
        List<UsbHub> hubs = new ArrayList<>();
        for (TomlTable h : t.tables("hubs")) {
            h.requiredString("port").map(UsbHub::new).ifPresent(hubs::add);
            h.finish();
        }
        t.finish();
        return Optional.of(new UsbController(hubs));
    }

    @Override
    public void write(UsbController usb, TomlOut out) {
        if (!usb.hubs().isEmpty()) {
            out.inlines("hubs", usb.hubs().stream().map(h -> new TomlOut().string("port", h.port())).toList());
        }
    }
}
