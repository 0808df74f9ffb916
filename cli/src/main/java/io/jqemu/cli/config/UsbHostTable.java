package io.jqemu.cli.config;

import io.jqemu.core.model.UsbHost;
import java.util.Optional;

/** {@code [[usb_host_devices]]}: host USB devices passed through with usb-host. */
final class UsbHostTable implements DeviceTable<UsbHost> {
    @Override
    public Class<UsbHost> kind() {
        return UsbHost.class;
    }

    @Override
    public String key() {
        return "usb_host_devices";
    }

    @Override
    public Optional<UsbHost> read(TomlTable t) {
        Optional<UsbHost.Selector> selector = t.table("selector").flatMap(UsbHostTable::selector);
        t.require("selector");
        Optional<String> port = t.string("port");
        Optional<String> id = t.string("id");
        t.finish();
        return selector.map(s -> new UsbHost(s, port, id));
    }

    private static Optional<UsbHost.Selector> selector(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<UsbHost.Selector> selector = switch (type.orElse("")) {
            case "by-ids" -> {
                Optional<Long> vendor = t.integer("vendor_id", 0, 0xffff);
                Optional<Long> product = t.integer("product_id", 0, 0xffff);
                t.require("vendor_id");
                t.require("product_id");
                yield vendor.flatMap(v -> product.map(p -> new UsbHost.Selector.ByIds(v.intValue(), p.intValue())));
            }
            case "by-address" -> {
                Optional<Long> bus = t.integer("host_bus", 0, TomlValues.MAX_INT);
                Optional<Long> address = t.integer("host_address", 0, TomlValues.MAX_INT);
                t.require("host_bus");
                t.require("host_address");
                yield bus.flatMap(b -> address.map(a -> new UsbHost.Selector.ByAddress(b.intValue(), a.intValue())));
            }
            default -> TomlValues.unknownType(t, type, "by-ids", "by-address");
        };
        t.finish();
        return selector;
    }

    @Override
    public void write(UsbHost usb, TomlOut out) {
        TomlOut selector = new TomlOut();
        switch (usb.selector()) {
            case UsbHost.Selector.ByIds ids -> selector.string("type", "by-ids")
                    .integer("vendor_id", ids.vendorId()).integer("product_id", ids.productId());
            case UsbHost.Selector.ByAddress a -> selector.string("type", "by-address")
                    .integer("host_bus", a.hostBus()).integer("host_address", a.hostAddress());
        }
        out.inline("selector", selector);
        out.string("port", usb.port());
        out.string("id", usb.id());
    }
}
