/** jqemu launcher: host preparation, the QEMU process and the live-VM handle. */
module io.jqemu.launcher {
    requires transitive io.jqemu.core;
    requires transitive io.jqemu.qmp;
    requires org.jnrproject.posix;
    requires org.jnrproject.ffi;
    requires org.slf4j;
    requires io.netty.common;
    requires io.netty.transport.classes.epoll;

    exports io.jqemu.launcher;
    exports io.jqemu.launcher.block;
    exports io.jqemu.launcher.vm to io.jqemu.cli;
    exports io.jqemu.launcher.host;
    exports io.jqemu.launcher.image;
    exports io.jqemu.launcher.host.pci;
    exports io.jqemu.launcher.host.net;
    exports io.jqemu.launcher.host.internal to org.jnrproject.ffi;
}
