package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostPathCheck;
import io.jqemu.launcher.host.VmPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A unix socket QEMU listens on: the path fits in {@code sun_path}, its directory exists (the VM's
 * own runtime directory is made by the preparation), and a stale socket left there is removed.
 */
final class ListeningSocketHandler implements NeedHandler<HostResource.ListeningSocket> {
    @Override
    public Stage stage() {
        return Stage.FILES;
    }

    @Override
    public void check(HostResource.ListeningSocket need, Inspection inspection) {
        Path socket = Path.of(need.path());
        int bytes = need.path().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > VmPaths.MAX_SOCKET_PATH_BYTES) {
            throw new HostException(need.fieldPath() + ": the socket path " + socket + " is " + bytes
                    + " bytes; unix sockets allow at most " + VmPaths.MAX_SOCKET_PATH_BYTES);
        }
        Path parent = socket.toAbsolutePath().getParent();
        if (!parent.equals(inspection.paths().runtimeDir()) && !Files.isDirectory(parent)) {
            throw new HostException(need.fieldPath() + ": the directory " + parent + " of socket " + socket
                    + " does not exist");
        }
    }

    @Override
    public void apply(HostResource.ListeningSocket need, Application application) {
        Path socket = Path.of(need.path());
        try {
            if (HostPathCheck.isSocket(socket)) {
                Files.delete(socket);
            }
        } catch (IOException e) {
            throw new HostException(need.fieldPath() + ": cannot remove the stale socket " + socket + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String describe(HostResource.ListeningSocket need, Inspection inspection) {
        return "QEMU listens on " + need.path();
    }
}
