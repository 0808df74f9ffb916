package io.jqemu.core.scenario;

import java.util.List;

/** Formats an argv one option per line: an option and its value share a line. */
final class GoldenFormat {
    private GoldenFormat() {
    }

    static String oneOptionPerLine(List<String> argv) {
        StringBuilder sb = new StringBuilder(argv.get(0)).append('\n');
        for (int i = 1; i < argv.size(); i++) {
            sb.append(argv.get(i));
            if (argv.get(i).startsWith("-") && i + 1 < argv.size() && !argv.get(i + 1).startsWith("-")) {
                sb.append(' ').append(argv.get(++i));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
