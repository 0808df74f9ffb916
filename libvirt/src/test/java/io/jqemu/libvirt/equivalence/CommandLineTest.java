package io.jqemu.libvirt.equivalence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading libvirt's command lines: both formats, quoting, {@code key=value} lists. */
class CommandLineTest {

    @Test
    void newFormatHasEnvironmentEmulatorAndQuotedJson() {
        CommandLine line = CommandLine.parse("LC_ALL=C \\\nPATH=/bin \\\n/usr/bin/qemu-system-x86_64 \\\n-S \\\n"
                + "-device '{\"driver\":\"ide-hd\",\"bus\":\"ide.0\",\"id\":\"a b\"}' \\\n-no-shutdown \\\n-m 214\n");

        assertThat(line.environment()).containsExactly("LC_ALL=C", "PATH=/bin");
        assertThat(line.emulator()).isEqualTo("/usr/bin/qemu-system-x86_64");
        assertThat(line.options()).extracting(QemuOption::toString).containsExactly("-S",
                "-device {\"driver\":\"ide-hd\",\"bus\":\"ide.0\",\"id\":\"a b\"}", "-no-shutdown", "-m 214");
        assertThat(line.options().get(1).object().path("id").asText()).isEqualTo("a b");
    }

    @Test
    void oldFormatJoinsLinesBrokenInsideAnOption() {
        CommandLine line = CommandLine.parse("/usr/bin/qemu-system-i386 \\\n-chardev socket,id=charmonitor,"
                + "path=/tmp/m.sock,\\\nserver,nowait \\\n-usb\n");

        assertThat(line.options()).extracting(QemuOption::toString)
                .containsExactly("-chardev socket,id=charmonitor,path=/tmp/m.sock,server,nowait", "-usb");
    }

    @Test
    void keyValueListsKeepBareWordsAndDoubledCommas() {
        QemuOption o = QemuOption.of("-chardev", "socket,id=c,path=/a,,b,server,nowait");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("", "socket");
        expected.put("id", "c");
        expected.put("path", "/a,b");
        expected.put("server", null);
        expected.put("nowait", null);

        assertThat(o.keyValues()).containsExactlyEntriesOf(expected);
        assertThat(QemuOption.keyValueText(o.keyValues())).isEqualTo("socket,id=c,path=/a,,b,server,nowait");
        assertThat(OptionValue.of(o, "backend").toOption("-chardev").text()).isEqualTo(o.text());
    }
}
