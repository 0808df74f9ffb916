package io.jqemu.cli.config;

import io.jqemu.core.model.VfioPci;
import java.util.Optional;

/** {@code [[vfio_devices]]}: host PCI devices passed through with vfio-pci. */
final class VfioTable implements DeviceTable<VfioPci> {
    @Override
    public Class<VfioPci> kind() {
        return VfioPci.class;
    }

    @Override
    public String key() {
        return "vfio_devices";
    }

    @Override
    public Optional<VfioPci> read(TomlTable t) {
        Optional<String> host = t.requiredString("host_address");
        Optional<String> guest = t.string("guest_address");
        boolean multifunction = t.bool("multifunction").orElse(false);
        Optional<Boolean> rombar = t.bool("rombar");
        boolean xVga = t.bool("x_vga").orElse(false);
        Optional<Integer> bootIndex = t.integer("boot_index", 0, TomlValues.MAX_INT).map(Long::intValue);
        Optional<String> id = t.string("id");
        t.finish();
        return host.map(h -> new VfioPci(h, guest, multifunction, rombar, xVga, bootIndex, id));
    }

    @Override
    public void write(VfioPci vfio, TomlOut out) {
        out.string("host_address", vfio.hostAddress());
        out.string("guest_address", vfio.guestAddress());
        out.boolUnlessDefault("multifunction", vfio.multifunction(), false);
        vfio.rombar().ifPresent(r -> out.bool("rombar", r));
        out.boolUnlessDefault("x_vga", vfio.xVga(), false);
        out.integer("boot_index", vfio.bootIndex());
        out.string("id", vfio.id());
    }
}
