package io.jqemu.cli.config;

import io.jqemu.core.model.GuestAgent;
import java.util.Optional;

/** {@code [guest_agent]}: the channel to qemu-ga in the guest (the table has no keys). */
final class GuestAgentTable implements DeviceTable<GuestAgent> {
    @Override
    public Class<GuestAgent> kind() {
        return GuestAgent.class;
    }

    @Override
    public String key() {
        return "guest_agent";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public Optional<GuestAgent> read(TomlTable t) {
        t.finish();
        return Optional.of(new GuestAgent());
    }

    @Override
    public void write(GuestAgent agent, TomlOut out) {
        // the channel has no keys
    }
}
