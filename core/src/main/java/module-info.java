/** jqemu core: the machine model and the QEMU command line it renders. Pure: no I/O, no processes. */
module io.jqemu.core {
    requires transitive com.fasterxml.jackson.databind;

    exports io.jqemu.core;
    exports io.jqemu.core.model;
    exports io.jqemu.core.render;
}
