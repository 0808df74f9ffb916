/** jqemu libvirt: imports a libvirt domain XML into a jqemu machine, reporting everything it leaves out. */
module io.jqemu.libvirt {
    requires transitive io.jqemu.core;
    requires java.xml;
    requires org.slf4j;

    exports io.jqemu.libvirt;
}
