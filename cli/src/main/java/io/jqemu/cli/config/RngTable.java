package io.jqemu.cli.config;

import io.jqemu.core.model.Rng;
import java.util.Optional;

/** {@code [rng]}: the virtio entropy device. */
final class RngTable implements DeviceTable<Rng> {
    @Override
    public Class<Rng> kind() {
        return Rng.class;
    }

    @Override
    public String key() {
        return "rng";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public Optional<Rng> read(TomlTable t) {
        Rng rng = new Rng(t.string("source").orElse(Rng.URANDOM.source()));
        t.finish();
        return Optional.of(rng);
    }

    @Override
    public void write(Rng rng, TomlOut out) {
        if (!rng.source().equals(Rng.URANDOM.source())) {
            out.string("source", rng.source());
        }
    }
}
