package io.jqemu.cli.config;

import io.jqemu.core.model.Balloon;
import java.util.Optional;

/** {@code [balloon]}: the memory balloon. */
final class BalloonTable implements DeviceTable<Balloon> {
    @Override
    public Class<Balloon> kind() {
        return Balloon.class;
    }

    @Override
    public String key() {
        return "balloon";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public Optional<Balloon> read(TomlTable t) {
        Balloon balloon = new Balloon(t.bool("deflate_on_oom").orElse(Balloon.DEFAULT.deflateOnOom()),
                t.bool("free_page_reporting").orElse(Balloon.DEFAULT.freePageReporting()));
        t.finish();
        return Optional.of(balloon);
    }

    @Override
    public void write(Balloon b, TomlOut out) {
        out.boolUnlessDefault("deflate_on_oom", b.deflateOnOom(), Balloon.DEFAULT.deflateOnOom());
        out.boolUnlessDefault("free_page_reporting", b.freePageReporting(), Balloon.DEFAULT.freePageReporting());
    }
}
