/** jqemu cli: the `jqemu` command and the vm.toml format. */
module io.jqemu.cli {
    requires io.jqemu.launcher;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires org.jnrproject.posix;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires jdk.unsupported;

    exports io.jqemu.cli;
    exports io.jqemu.cli.config;
    exports io.jqemu.cli.check;
    exports io.jqemu.cli.vm;
    opens io.jqemu.cli.command to info.picocli;
    opens io.jqemu.cli to info.picocli;

    provides ch.qos.logback.classic.spi.Configurator with io.jqemu.cli.LogbackSetup;
}
