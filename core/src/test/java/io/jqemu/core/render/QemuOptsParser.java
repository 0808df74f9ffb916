package io.jqemu.core.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test-side model of QEMU's key=value option parser (util/qemu-option.c): options are split at a
 * single ',', ",," is a literal comma, the name ends at '='. Used to read rendered options back.
 */
final class QemuOptsParser {
    private QemuOptsParser() {
    }

    /** Parses {@code options}; a leading word without '=' is returned under the key "" (the implied option). */
    static Map<String, String> parse(String options) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        boolean first = true;
        while (i <= options.length()) {
            int nameEnd = i;
            while (nameEnd < options.length() && options.charAt(nameEnd) != '=' && options.charAt(nameEnd) != ',') {
                nameEnd++;
            }
            boolean hasValue = nameEnd < options.length() && options.charAt(nameEnd) == '=';
            if (!hasValue) {
                String word = options.substring(i, nameEnd);
                if (out.containsKey(first ? "" : word)) {
                    throw new IllegalArgumentException("repeated option " + word + " in " + options);
                }
                out.put(first ? "" : word, first ? word : "on");
                i = nameEnd + 1;
                first = false;
                continue;
            }
            String name = options.substring(i, nameEnd);
            StringBuilder value = new StringBuilder();
            int j = nameEnd + 1;
            while (j < options.length()) {
                char c = options.charAt(j);
                if (c == ',') {
                    if (j + 1 < options.length() && options.charAt(j + 1) == ',') {
                        value.append(',');
                        j += 2;
                        continue;
                    }
                    break;
                }
                value.append(c);
                j++;
            }
            if (out.put(name, value.toString()) != null) {
                throw new IllegalArgumentException("repeated option " + name + " in " + options);
            }
            i = j + 1;
            first = false;
        }
        return out;
    }
}
