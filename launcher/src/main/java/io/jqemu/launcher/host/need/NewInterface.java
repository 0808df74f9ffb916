package io.jqemu.launcher.host.need;

import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.net.TapDevices;
import java.util.function.Supplier;

/** The checks for a link the VM creates: a valid name not taken (on the host or by this VM), on an existing link. */
final class NewInterface {
    private NewInterface() {
    }

    static void check(String fieldPath, String name, String onWhat, String on, Supplier<TapDevices> links,
                      Inspection inspection) {
        TapDevices.checkName(fieldPath, name);
        if (!inspection.claimInterface(name) || links.get().exists(name)) {
            throw new HostException(fieldPath + ": an interface named " + name + " already exists");
        }
        if (!links.get().exists(on)) {
            throw new HostException(fieldPath + ": " + onWhat + " " + on + " does not exist on this host");
        }
    }
}
