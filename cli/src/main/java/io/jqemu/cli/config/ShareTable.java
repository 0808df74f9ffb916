package io.jqemu.cli.config;

import io.jqemu.core.model.SharedDirectory;
import java.util.Optional;

/** {@code [[shares]]}: directories shared over 9p. */
final class ShareTable implements DeviceTable<SharedDirectory> {
    @Override
    public Class<SharedDirectory> kind() {
        return SharedDirectory.class;
    }

    @Override
    public String key() {
        return "shares";
    }

    @Override
    public Optional<SharedDirectory> read(TomlTable t) {
        Optional<String> hostPath = t.requiredString("host_path");
        Optional<String> mountTag = t.requiredString("mount_tag");
        SharedDirectory.SecurityModel model = t.choice("security_model", SharedDirectory.SecurityModel.class)
                .orElse(SharedDirectory.SecurityModel.MAPPED_XATTR);
        boolean readOnly = t.bool("read_only").orElse(false);
        t.finish();
        return hostPath.flatMap(h -> mountTag.map(m -> new SharedDirectory(h, m, model, readOnly)));
    }

    @Override
    public void write(SharedDirectory share, TomlOut out) {
        out.string("host_path", share.hostPath());
        out.string("mount_tag", share.mountTag());
        out.choiceUnlessDefault("security_model", share.securityModel(), SharedDirectory.SecurityModel.MAPPED_XATTR);
        out.boolUnlessDefault("read_only", share.readOnly(), false);
    }
}
