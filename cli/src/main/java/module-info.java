/** jqemu cli: the `jqemu` command and the vm.toml format. */
module io.jqemu.cli {
    requires io.jqemu.launcher;
    requires info.picocli;
    requires com.fasterxml.jackson.dataformat.toml;
    requires org.slf4j;
}
