package io.jqemu.cli.config;

import io.jqemu.core.model.CloudInit;
import java.util.Optional;

/**
 * {@code [cloud_init]}: the cloud-init seed. Each of user-data, meta-data and network-config is
 * given inline ({@code user_data}) or as a host file ({@code user_data_file}), not both.
 */
final class CloudInitTable implements DeviceTable<CloudInit> {
    @Override
    public Class<CloudInit> kind() {
        return CloudInit.class;
    }

    @Override
    public String key() {
        return "cloud_init";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public Optional<CloudInit> read(TomlTable t) {
        Optional<Optional<CloudInit.Content>> userData = content(t, "user_data");
        Optional<Optional<CloudInit.Content>> metaData = content(t, "meta_data");
        Optional<Optional<CloudInit.Content>> networkConfig = content(t, "network_config");
        t.finish();
        if (userData.isEmpty() || metaData.isEmpty() || networkConfig.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CloudInit(userData.get(), metaData.get(), networkConfig.get()));
    }

    /** The content of {@code key} or {@code key_file}: empty when both were given (reported). */
    private static Optional<Optional<CloudInit.Content>> content(TomlTable t, String key) {
        Optional<String> inline = t.string(key);
        Optional<String> file = t.string(key + "_file");
        if (inline.isPresent() && file.isPresent()) {
            t.problems().atKey(t.pathOf(key + "_file"), "give " + key + " or " + key + "_file, not both");
            return Optional.empty();
        }
        return Optional.of(inline.<CloudInit.Content>map(CloudInit.Content.Inline::new)
                .or(() -> file.map(CloudInit.Content.HostFile::new)));
    }

    @Override
    public void write(CloudInit seed, TomlOut out) {
        content(out, "user_data", seed.userData());
        content(out, "meta_data", seed.metaData());
        content(out, "network_config", seed.networkConfig());
    }

    private static void content(TomlOut out, String key, Optional<CloudInit.Content> content) {
        content.ifPresent(c -> {
            switch (c) {
                case CloudInit.Content.Inline i -> out.string(key, i.text());
                case CloudInit.Content.HostFile f -> out.string(key + "_file", f.path());
            }
        });
    }
}
