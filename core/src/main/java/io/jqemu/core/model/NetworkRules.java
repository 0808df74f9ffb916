package io.jqemu.core.model;

import java.util.regex.Pattern;

/** Rules for NICs: MAC addresses, backends and their interface names, port forwards. */
record NetworkRules(Machine m, FieldChecks check, Claims claims) {
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    void nic(String path, Nic n, String id) {
        n.id().ifPresent(v -> check.qemuId(path + ".id", v, 24));
        claims.id(path, id);
        n.mac().ifPresent(mac -> {
            if (!MAC.matcher(mac).matches()) {
                check.add(path + ".mac", FieldChecks.quote(mac) + " is not a MAC address (six hex pairs separated by ':')");
            } else if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
                check.add(path + ".mac", FieldChecks.quote(mac) + " is a multicast address; a NIC needs a unicast MAC");
            } else {
                claims.mac(path + ".mac", mac);
            }
        });
        n.bootIndex().ifPresent(b -> claims.bootIndex(path + ".bootIndex", b));
        switch (n.backend()) {
            case NicBackend.User u -> {
                for (int i = 0; i < u.forwards().size(); i++) {
                    PortForward f = u.forwards().get(i);
                    String fp = path + ".backend.forwards[" + i + "]";
                    f.hostAddress().ifPresent(a -> check.ipv4(fp + ".hostAddress", a));
                    f.guestAddress().ifPresent(a -> check.ipv4(fp + ".guestAddress", a));
                    check.tcpPort(fp + ".hostPort", f.hostPort());
                    check.tcpPort(fp + ".guestPort", f.guestPort());
                }
            }
            case NicBackend.ExistingTap t -> check.ifname(path + ".backend.ifname", t.ifname());
            case NicBackend.BridgedTap t -> {
                check.ifname(path + ".backend.bridge", t.bridge());
                t.ifname().ifPresent(v -> check.ifname(path + ".backend.ifname", v));
            }
            case NicBackend.Macvtap t -> {
                check.ifname(path + ".backend.parent", t.parent());
                t.ifname().ifPresent(v -> check.ifname(path + ".backend.ifname", v));
            }
        }
    }
}
