package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.testsupport.Goldens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jqemu argv} of each scenario example against the golden command lines core's tests render
 * (test-support's {@link Goldens}): with core's golden render context, {@code --raw} prints the golden file byte for byte, and the default
 * shell-quoted form reads back (as a POSIX shell splits words) to exactly the same argv.
 */
class ArgvGoldenTest {

    private static final Path EXAMPLES = Path.of("../examples");

    @ParameterizedTest(name = "{0} = golden {1}")
    @CsvSource({"s1-dsm, s1-dsm", "s2-openwrt, s2-openwrt-nas", "s3-storage, s3-storage-modes",
            "s4-passthrough, s4-passthrough", "direct-kernel, direct-kernel",
            "install-from-iso, install-from-iso", "windows-11, windows-11"})
    void examplesRenderTheGoldenCommandLines(String example, String golden) {
        String expected = Goldens.read(golden);

        CliRun raw = CliRun.of(argv(example, golden, "--raw"));
        CliRun quoted = CliRun.of(argv(example, golden));

        assertThat(raw.exitCode()).as(raw.err()).isZero();
        assertThat(raw.out()).isEqualTo(expected);
        assertThat(quoted.exitCode()).as(quoted.err()).isZero();
        assertThat(shellWords(quoted.out())).isEqualTo(words(expected));
        assertThat(quoted.out().lines()).hasSameSizeAs(expected.lines().toList());
    }

    private static String[] argv(String example, String golden, String... extra) {
        List<String> args = new ArrayList<>(List.of("argv", "--qemu-binary", "/usr/bin/qemu-system-x86_64", "--assume-kvm", "--assume-vhost-net",
                "--qmp-socket", "/run/jqemu/" + golden + "/qmp.sock", "--runtime-dir", "/run/jqemu/" + golden,
                "--ovmf-vars", "/var/lib/jqemu/" + golden + "/OVMF_VARS.fd", "--tap-fd", "net2=3"));
        args.addAll(List.of(extra));
        args.add(EXAMPLES.resolve(example + ".toml").toString());
        return args.toArray(String[]::new);
    }

    /** The golden file's words: each line is an option, or an option and one value separated by the first space. */
    private static List<String> words(String golden) {
        List<String> words = new ArrayList<>();
        for (String line : golden.lines().toList()) {
            int space = line.indexOf(' ');
            if (line.startsWith("-") && space > 0) {
                words.add(line.substring(0, space));
                words.add(line.substring(space + 1));
            } else {
                words.add(line);
            }
        }
        return words;
    }

    /** Splits text the way a POSIX shell splits words made of plain and single-quoted parts, with \-newline. */
    private static List<String> shellWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
            } else if (c == '\\' && i + 1 < text.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(text.charAt(++i));
            } else if (c == '\'') {
                word = word == null ? new StringBuilder() : word;
                int end = text.indexOf('\'', i + 1);
                word.append(text, i + 1, end);
                i = end;
            } else if (c == ' ' || c == '\n' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
