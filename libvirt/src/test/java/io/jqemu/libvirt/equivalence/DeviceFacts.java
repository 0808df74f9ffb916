package io.jqemu.libvirt.equivalence;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One device as QEMU built it: its QOM type, the key it is matched by across the two QEMUs (the
 * original path of its image, its MAC, its mount tag, its host address; empty for devices matched
 * by order) and the properties that matter, as text.
 *
 * @param origin where the device came from: {@code qemu} (read over QMP) or {@code argv} (set aside)
 */
record DeviceFacts(String type, String key, SortedMap<String, String> properties, String origin) {
    DeviceFacts {
        properties = new TreeMap<>(properties);
    }

    static DeviceFacts of(String type, String key, Map<String, String> properties, String origin) {
        return new DeviceFacts(type, key, new TreeMap<>(properties), origin);
    }

    /** How the device is named in the tables: its type and key. */
    String label() {
        return key.isEmpty() ? type : type + " [" + key + "]";
    }
}
