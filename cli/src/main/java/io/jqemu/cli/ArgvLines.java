package io.jqemu.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A QEMU argv as one line per option ({@code -device {...}}), each word shell-quoted: the
 * Proxmox {@code qm showcmd} habit, and the form of core's golden files.
 */
public final class ArgvLines {

    private ArgvLines() {
    }

    /** The binary on the first line, then each option with the values that follow it. */
    public static List<String> of(List<String> argv) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : argv) {
            if (line.length() > 0 && word.startsWith("-") && word.length() > 1) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(ShellQuote.quote(word));
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** The lines joined with {@code " \"} continuations, ready to paste into a shell. */
    public static String pasteable(List<String> argv) {
        return String.join(" \\\n  ", of(argv)) + "\n";
    }
}
