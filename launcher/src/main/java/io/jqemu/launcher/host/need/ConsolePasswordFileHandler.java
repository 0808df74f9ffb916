package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.OwnerOnlyFile;
import java.nio.file.Path;

/** A console password file: only checked (owner-only, see {@link OwnerOnlyFile}); the launcher reads it. */
final class ConsolePasswordFileHandler implements NeedHandler<HostResource.ConsolePasswordFile> {
    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.ConsolePasswordFile need, Inspection inspection) {
        OwnerOnlyFile.check(need.fieldPath(), Path.of(need.path()));
    }

    @Override
    public String describe(HostResource.ConsolePasswordFile need, Inspection inspection) {
        return "the console password is read from " + need.path() + " (owner-only) and set over QMP";
    }
}
