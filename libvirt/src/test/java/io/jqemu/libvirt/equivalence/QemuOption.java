package io.jqemu.libvirt.equivalence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One option of a QEMU command line: its name ({@code -device}) and its value, absent for flags
 * ({@code -S}). Values are either JSON objects or QEMU's {@code key=value,...} lists.
 */
record QemuOption(String name, Optional<String> value) {
    static final ObjectMapper JSON = new ObjectMapper();

    static QemuOption flag(String name) {
        return new QemuOption(name, Optional.empty());
    }

    static QemuOption of(String name, String value) {
        return new QemuOption(name, Optional.of(value));
    }

    static QemuOption json(String name, JsonNode value) {
        return of(name, value.toString());
    }

    String text() {
        return value.orElse("");
    }

    boolean isJson() {
        return text().startsWith("{");
    }

    /** The value as a JSON object: parsed when it is one, else the {@code key=value} list turned into one. */
    ObjectNode object() {
        if (isJson()) {
            try {
                return (ObjectNode) JSON.readTree(text());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        ObjectNode node = JSON.createObjectNode();
        keyValues().forEach(node::put);
        return node;
    }

    /**
     * The {@code key=value} list (commas doubled inside values); a leading bare word is the key
     * {@code ""} (e.g. {@code socket} of {@code -chardev socket,id=x}), a later bare word ({@code nowait}) maps to null.
     */
    Map<String, String> keyValues() {
        Map<String, String> out = new LinkedHashMap<>();
        String s = text();
        int i = 0;
        boolean first = true;
        while (i <= s.length()) {
            StringBuilder part = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ',' && i + 1 < s.length() && s.charAt(i + 1) == ',') {
                    part.append(',');
                    i += 2;
                } else if (c == ',') {
                    break;
                } else {
                    part.append(c);
                    i++;
                }
            }
            i++;
            String p = part.toString();
            int eq = p.indexOf('=');
            if (eq < 0) {
                out.put(first ? "" : p, first ? p : null);
            } else {
                out.put(p.substring(0, eq), p.substring(eq + 1));
            }
            first = false;
        }
        return out;
    }

    /** A {@code key=value} list from {@code values} (the key {@code ""} first and bare), commas doubled. */
    static String keyValueText(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            if (e.getValue() == null) {
                b.append(e.getKey());
            } else if (e.getKey().isEmpty()) {
                b.append(e.getValue().replace(",", ",,"));
            } else {
                b.append(e.getKey()).append('=').append(e.getValue().replace(",", ",,"));
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return value.map(v -> name + " " + v).orElse(name);
    }
}
