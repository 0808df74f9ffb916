package io.jqemu.cli.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Replaces {@code ${NAME}} in vm.toml strings (normally from the environment, so that one file can
 * name per-user paths such as {@code ${JQEMU_GUEST}/vmlinux}); {@code $$} stands for one {@code $}.
 * An unset variable is an error, never an empty string.
 */
public final class Variables {

    private final Function<String, Optional<String>> lookup;

    private Variables(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** Variables from the process environment. */
    public static Variables environment() {
        return new Variables(name -> Optional.ofNullable(System.getenv(name)));
    }

    /** Variables from a fixed map (tests, embedding). */
    public static Variables of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Variables(name -> Optional.ofNullable(copy.get(name)));
    }

    /**
     * {@code text} with every {@code ${NAME}} replaced.
     *
     * @throws IllegalArgumentException naming the variable when one is unset or a reference is unclosed
     */
    public String expand(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$$", i)) {
                out.append('$');
                i += 2;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '${' in '" + text + "' (write $$ for a literal $)");
                }
                String name = text.substring(i + 2, end);
                out.append(lookup.apply(name).orElseThrow(() -> new IllegalArgumentException(
                        "environment variable " + name + " is not set (used in '" + text + "')")));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
