package io.jqemu.libvirt.equivalence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An option's value read as one object whether QEMU got it as JSON or as a {@code key=value} list;
 * the list's leading bare word becomes {@code typeKey} ({@code driver} of {@code -device},
 * {@code type} of {@code -netdev} ...). Written back in the form it came in.
 */
final class OptionValue {
    private final ObjectNode node;
    private final boolean json;
    private final String typeKey;

    private OptionValue(ObjectNode node, boolean json, String typeKey) {
        this.node = node;
        this.json = json;
        this.typeKey = typeKey;
    }

    static OptionValue of(QemuOption option, String typeKey) {
        if (option.isJson()) {
            return new OptionValue(option.object(), true, typeKey);
        }
        ObjectNode node = QemuOption.JSON.createObjectNode();
        for (Map.Entry<String, String> e : option.keyValues().entrySet()) {
            if (e.getValue() == null) {
                node.putNull(e.getKey());
            } else {
                node.put(e.getKey().isEmpty() ? typeKey : e.getKey(), e.getValue());
            }
        }
        return new OptionValue(node, false, typeKey);
    }

    String get(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }

    boolean has(String key) {
        return node.has(key);
    }

    String type() {
        return get(typeKey);
    }

    void put(String key, String value) {
        node.put(key, value);
    }

    void put(String key, int value) {
        if (json) {
            node.put(key, value);
        } else {
            node.put(key, Integer.toString(value));
        }
    }

    void remove(String key) {
        node.remove(key);
    }

    ObjectNode node() {
        return node;
    }

    /** The keys, in order. */
    Iterator<String> keys() {
        return node.fieldNames();
    }

    QemuOption toOption(String name) {
        if (json) {
            return QemuOption.json(name, node);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        if (node.has(typeKey)) {
            kv.put("", node.get(typeKey).asText());
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(typeKey)) {
                kv.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        });
        return QemuOption.of(name, QemuOption.keyValueText(kv));
    }
}
