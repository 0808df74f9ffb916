/** jqemu cli: the `jqemu` command and the vm.toml format. */
module io.jqemu.cli {
    requires io.jqemu.launcher;
    requires io.jqemu.libvirt;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires org.jnrproject.posix;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires logstash.logback.encoder;
    requires jdk.unsupported;
    requires org.jnrproject.ffi;
    requires static info.picocli.codegen;

    exports io.jqemu.cli;
    exports io.jqemu.cli.config;
    exports io.jqemu.cli.check;
    exports io.jqemu.cli.vm;
    exports io.jqemu.cli.systemd;
    opens io.jqemu.cli.command to info.picocli;
    opens io.jqemu.cli to info.picocli;

    provides ch.qos.logback.classic.spi.Configurator with io.jqemu.cli.LogbackSetup;
}
