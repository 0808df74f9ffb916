/** jqemu core: the machine model and the QEMU command line it renders. Pure: no I/O, no processes. */
module io.jqemu.core {
    requires com.fasterxml.jackson.databind;
}
