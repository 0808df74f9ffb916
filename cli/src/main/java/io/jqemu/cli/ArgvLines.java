package io.jqemu.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A QEMU argv as one line per option ({@code -device {...}}), each word shell-quoted: the
 * Proxmox {@code qm showcmd} habit, and the form of core's golden files.
 */
public final class ArgvLines {

    private ArgvLines() {
    }

    /** The binary on the first line, then each option with the value that follows it, shell-quoted. */
    public static List<String> of(List<String> argv) {
        return group(argv, ShellQuote::quote);
    }

    /**
     * The same lines with every word as it is (core's golden-file form, for {@code diff}); not
     * safe to paste when a value holds spaces or quotes.
     */
    public static List<String> raw(List<String> argv) {
        return group(argv, word -> word);
    }

    private static List<String> group(List<String> argv, UnaryOperator<String> quote) {
        List<String> lines = new ArrayList<>();
        if (argv.isEmpty()) {
            return lines;
        }
        lines.add(quote.apply(argv.get(0)));
        for (int i = 1; i < argv.size(); i++) {
            String line = quote.apply(argv.get(i));
            if (argv.get(i).startsWith("-") && i + 1 < argv.size() && !argv.get(i + 1).startsWith("-")) {
                line = line + " " + quote.apply(argv.get(++i));
            }
            lines.add(line);
        }
        return lines;
    }

    /** The lines joined with {@code " \"} continuations, ready to paste into a shell. */
    public static String pasteable(List<String> argv) {
        return String.join(" \\\n  ", of(argv)) + "\n";
    }
}
