package io.jqemu.cli.config;

import io.jqemu.core.model.VirtiofsShare;
import java.util.Optional;

/** {@code [[virtiofs]]}: directories shared over virtiofs, each served by its own virtiofsd. */
final class VirtiofsTable implements DeviceTable<VirtiofsShare> {
    @Override
    public Class<VirtiofsShare> kind() {
        return VirtiofsShare.class;
    }

    @Override
    public String key() {
        return "virtiofs";
    }

    @Override
    public Optional<VirtiofsShare> read(TomlTable t) {
        Optional<String> hostPath = t.requiredString("host_path");
        Optional<String> tag = t.requiredString("tag");
        VirtiofsShare.Cache cache = t.choice("cache", VirtiofsShare.Cache.class).orElse(VirtiofsShare.Cache.AUTO);
        t.finish();
        return hostPath.flatMap(h -> tag.map(m -> new VirtiofsShare(h, m, cache)));
    }

    @Override
    public void write(VirtiofsShare share, TomlOut out) {
        out.string("host_path", share.hostPath());
        out.string("tag", share.tag());
        out.choiceUnlessDefault("cache", share.cache(), VirtiofsShare.Cache.AUTO);
    }
}
