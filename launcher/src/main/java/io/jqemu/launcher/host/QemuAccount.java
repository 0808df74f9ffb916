package io.jqemu.launcher.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/**
 * The unprivileged host user QEMU runs as ({@code -runas}).
 *
 * @param name the user name
 * @param uid  its uid
 * @param gid  its primary group
 */
public record QemuAccount(String name, int uid, int gid) {

    /**
     * The user called {@code name}.
     *
     * @throws HostException naming {@code field} when there is no such user or it is root
     */
    public static QemuAccount lookup(String field, String name) {
        Passwd entry = POSIXFactory.getPOSIX().getpwnam(name);
        if (entry == null) {
            throw new HostException(field + ": there is no user '" + name + "' on this host (create it, e.g."
                    + " useradd --system --no-create-home --shell /usr/sbin/nologin " + name + ")");
        }
        QemuAccount account = new QemuAccount(name, (int) entry.getUID(), (int) entry.getGID());
        if (account.uid() == 0) {
            throw new HostException(field + ": user '" + name + "' has uid 0: QEMU would keep every privilege");
        }
        return account;
    }

    /**
     * Checks that this user may open {@code node} for reading and writing by its mode bits (owner, primary
     * group or others; supplementary groups are not consulted).
     *
     * @throws HostException naming {@code field}, the node's owner and mode, and {@code why}
     */
    public void requireReadWrite(String field, Path node, String why) {
        try {
            int uidOf = (Integer) Files.getAttribute(node, "unix:uid");
            int gidOf = (Integer) Files.getAttribute(node, "unix:gid");
            int mode = (Integer) Files.getAttribute(node, "unix:mode") & 07777;
            boolean ok = uidOf == uid && (mode & 0600) == 0600 || gidOf == gid && (mode & 0060) == 0060
                    || (mode & 0006) == 0006;
            if (!ok) {
                throw new HostException(field + ": QEMU runs as " + name + ", who cannot open " + node + " (mode "
                        + String.format("%04o", mode) + ", uid " + uidOf + ", gid " + gidOf + "); " + why);
            }
        } catch (IOException e) {
            throw new HostException(field + ": cannot read the attributes of " + node + ": " + e.getMessage(), e);
        }
    }
}
