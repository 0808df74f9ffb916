package io.jqemu.cli.config;

import io.jqemu.core.model.VirtualFunction;
import java.util.Optional;

/** {@code [[virtual_functions]]}: SR-IOV virtual functions passed through with vfio-pci. */
final class VirtualFunctionTable implements DeviceTable<VirtualFunction> {
    @Override
    public Class<VirtualFunction> kind() {
        return VirtualFunction.class;
    }

    @Override
    public String key() {
        return "virtual_functions";
    }

    @Override
    public Optional<VirtualFunction> read(TomlTable t) {
        Optional<String> pf = t.requiredString("physical_function");
        Optional<Long> index = t.integer("vf_index", 0, TomlValues.MAX_INT);
        t.require("vf_index");
        Optional<Long> count = t.integer("vf_count", 1, TomlValues.MAX_INT);
        t.require("vf_count");
        Optional<Boolean> rombar = t.bool("rombar");
        Optional<Integer> bootIndex = t.integer("boot_index", 0, TomlValues.MAX_INT).map(Long::intValue);
        Optional<String> id = t.string("id");
        t.finish();
        return pf.flatMap(p -> index.flatMap(i -> count.map(c ->
                new VirtualFunction(p, i.intValue(), c.intValue(), rombar, bootIndex, id))));
    }

    @Override
    public void write(VirtualFunction vf, TomlOut out) {
        out.string("physical_function", vf.physicalFunction());
        out.integer("vf_index", vf.vfIndex());
        out.integer("vf_count", vf.vfCount());
        vf.rombar().ifPresent(r -> out.bool("rombar", r));
        out.integer("boot_index", vf.bootIndex());
        out.string("id", vf.id());
    }
}
