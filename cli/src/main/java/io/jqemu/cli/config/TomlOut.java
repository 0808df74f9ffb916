package io.jqemu.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One vm.toml table being written: its keys in the order they are put, each value a string, integer,
 * boolean, array of strings, inline table or array of inline tables. Strings are written as TOML basic
 * strings with {@code $} doubled, so that reading them back ({@link Variables}) gives the same text.
 */
final class TomlOut {
    private final Map<String, Object> entries = new LinkedHashMap<>();

    /** A string value. */
    TomlOut string(String key, String value) {
        entries.put(key, quote(value.replace("$", "$$")));
        return this;
    }

    /** A string value when present. */
    TomlOut string(String key, Optional<String> value) {
        value.ifPresent(v -> string(key, v));
        return this;
    }

    /** An integer value. */
    TomlOut integer(String key, long value) {
        entries.put(key, Long.toString(value));
        return this;
    }

    /** An integer value when present. */
    TomlOut integer(String key, Optional<? extends Number> value) {
        value.ifPresent(v -> integer(key, v.longValue()));
        return this;
    }

    /** A boolean value. */
    TomlOut bool(String key, boolean value) {
        entries.put(key, Boolean.toString(value));
        return this;
    }

    /** A boolean written only when it differs from the reader's default. */
    TomlOut boolUnlessDefault(String key, boolean value, boolean fallback) {
        return value == fallback ? this : bool(key, value);
    }

    /** An enum constant in kebab case ({@link TomlTable#kebab}). */
    TomlOut choice(String key, Enum<?> value) {
        return string(key, TomlTable.kebab(value));
    }

    /** An enum constant, written only when it differs from the reader's default. */
    TomlOut choiceUnlessDefault(String key, Enum<?> value, Enum<?> fallback) {
        return value == fallback ? this : choice(key, value);
    }

    /** An array of strings. */
    TomlOut strings(String key, List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add(quote(v.replace("$", "$$"))));
        entries.put(key, "[" + String.join(", ", quoted) + "]");
        return this;
    }

    /** An inline table ({@code attachment = { type = "scsi-hd" }}). */
    TomlOut inline(String key, TomlOut table) {
        entries.put(key, table.inline());
        return this;
    }

    /** An array of inline tables ({@code hubs = [{ port = "1" }]}). */
    TomlOut inlines(String key, List<TomlOut> tables) {
        List<String> rendered = new ArrayList<>();
        tables.forEach(t -> rendered.add(t.inline()));
        entries.put(key, "[" + String.join(", ", rendered) + "]");
        return this;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The keys as {@code key = value} lines. */
    String lines() {
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    /** The keys as one inline table. */
    String inline() {
        if (entries.isEmpty()) {
            return "{}";
        }
        List<String> parts = new ArrayList<>();
        entries.forEach((k, v) -> parts.add(k + " = " + v));
        return "{ " + String.join(", ", parts) + " }";
    }

    /** {@code text} as a TOML basic string. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04X", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
