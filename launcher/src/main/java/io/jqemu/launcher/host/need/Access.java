package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;

/** How an access reads in a description. */
final class Access {
    private Access() {
    }

    static String text(HostResource.Access access) {
        return switch (access) {
            case READ_ONLY -> "read-only";
            case READ_WRITE -> "read-write";
        };
    }
}
