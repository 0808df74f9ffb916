/**
 * jqemu qmp: a QMP and guest-agent protocol client on Netty. Knows nothing of core. Netty's
 * transport and Jackson's databind are part of the API (event loop groups, JSON nodes).
 */
@SuppressWarnings("requires-transitive-automatic")
module io.jqemu.qmp {
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec;
    requires io.netty.handler;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.kqueue;
    requires transitive com.fasterxml.jackson.databind;
    requires org.jnrproject.posix;
    requires org.jnrproject.constants;
    requires org.slf4j;

    exports io.jqemu.qmp;
    exports io.jqemu.qmp.command;
    exports io.jqemu.qmp.schema;
    exports io.jqemu.qmp.ga;
}
