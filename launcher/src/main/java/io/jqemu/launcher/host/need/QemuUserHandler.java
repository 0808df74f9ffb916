package io.jqemu.launcher.host.need;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.QemuAccount;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.launcher.host.pci.PciBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The unprivileged user QEMU switches to ({@code -runas}). Checked: the user exists and is not root.
 * Applied last ({@link Stage#HANDOVER}): every tap this preparation created gets that user and its
 * group as owner ({@code TUNSETOWNER}, {@code TUNSETGROUP}: QEMU re-attaching a tap after dropping
 * privileges, as a hot-plugged NIC does, needs it); the OVMF vars file and the {@code /dev/vfio/N} node
 * of every passed-through device's IOMMU group are handed to the user ({@code chown}, journaled as
 * {@link HostChange.OwnerChanged} and given back on undo). Taps are removed on undo, so their owner
 * needs no undo of its own. The VM's runtime and state directories stay the launching user's: QEMU
 * opens its sockets and files before it drops privileges.
 */
final class QemuUserHandler implements NeedHandler<HostResource.QemuUser> {
    private final HostRoot host;
    private final PciBus bus;
    private final Supplier<TapDevices> taps;

    QemuUserHandler(HostRoot host, PciBus bus, Supplier<TapDevices> taps) {
        this.host = host;
        this.bus = bus;
        this.taps = taps;
    }

    @Override
    public Stage stage() {
        return Stage.HANDOVER;
    }

    @Override
    public void check(HostResource.QemuUser need, Inspection inspection) {
        QemuAccount.lookup(need.fieldPath(), need.name());
    }

    @Override
    public void apply(HostResource.QemuUser need, Application application) {
        QemuAccount account = QemuAccount.lookup(need.fieldPath(), need.name());
        for (String tap : application.taps()) {
            taps.get().setOwner(need.fieldPath(), tap, account.uid(), account.gid());
        }
        application.ovmfVars().ifPresent(vars -> handOver(need.fieldPath(), vars, account, application));
        for (PciAddress device : application.passthrough().values()) {
            bus.iommuGroup(device).ifPresent(group ->
                    handOver(need.fieldPath(), host.path("/dev/vfio/" + group), account, application));
        }
    }

    private static void handOver(String field, Path path, QemuAccount account, Application application) {
        int[] owner = owner(field, path);
        if (owner[0] == account.uid() && owner[1] == account.gid()) {
            return;
        }
        application.record(new HostChange.OwnerChanged(path, owner[0], owner[1]));
        chown(field, path, account.uid(), account.gid());
    }

    void undo(HostChange.OwnerChanged change) {
        if (Files.exists(change.path(), LinkOption.NOFOLLOW_LINKS)) {
            chown("runAs", change.path(), change.previousUid(), change.previousGid());
        }
    }

    private static int[] owner(String field, Path path) {
        try {
            return new int[] {(Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                    (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)};
        } catch (NoSuchFileException e) {
            throw new HostException(field + ": " + path + " does not exist", e);
        } catch (IOException e) {
            throw new HostException(field + ": cannot read the owner of " + path + ": " + e.getMessage(), e);
        }
    }

    private static void chown(String field, Path path, int uid, int gid) {
        try {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new HostException(field + ": cannot give " + path + " to uid " + uid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe(HostResource.QemuUser need, Inspection inspection) {
        try {
            QemuAccount a = QemuAccount.lookup(need.fieldPath(), need.name());
            return "QEMU drops to user " + a.name() + " (uid " + a.uid() + ", gid " + a.gid() + ") once started; the"
                    + " taps it uses, its OVMF vars file and vfio group nodes are handed to that user (disk images"
                    + " and directories it opens after start must be that user's to read or write)";
        } catch (HostException e) {
            return "QEMU drops to user " + need.name();
        }
    }
}
