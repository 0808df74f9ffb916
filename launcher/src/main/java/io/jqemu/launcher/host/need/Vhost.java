package io.jqemu.launcher.host.need;

/** vhost-net for a NIC's backend: checked under {@code <field>.vhost}, and how it reads in a description. */
final class Vhost {
    private Vhost() {
    }

    /** Fails under {@code <fieldPath>.vhost} when vhost is on and the host has no {@code /dev/vhost-net}. */
    static void verify(boolean vhost, String fieldPath, Inspection inspection) {
        if (vhost) {
            String field = fieldPath + ".vhost";
            inspection.verify(field, () -> inspection.facts().requireVhost(field));
        }
    }

    static String text(boolean vhost, Inspection inspection) {
        if (vhost) {
            return "vhost on";
        }
        return inspection.facts().vhostNetAvailable() ? "vhost off" : "vhost off: /dev/vhost-net missing";
    }
}
