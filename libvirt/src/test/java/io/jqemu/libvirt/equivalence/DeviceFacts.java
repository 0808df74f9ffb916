package io.jqemu.libvirt.equivalence;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One device as QEMU built it: its QOM type, the key it is matched by across the two QEMUs (the
 * original path of its image, its MAC, its mount tag, its host address; empty for devices matched
 * by order) and the properties that matter, as text.
 * Devices set aside ({@link RunnableArgv}) have the properties their command-line options give.
 */
record DeviceFacts(String type, String key, SortedMap<String, String> properties) {
    DeviceFacts {
        properties = new TreeMap<>(properties);
    }

    static DeviceFacts of(String type, String key, Map<String, String> properties) {
        return new DeviceFacts(type, key, new TreeMap<>(properties));
    }

    /** How the device is named in the tables: its type and key. */
    String label() {
        return key.isEmpty() ? type : type + " [" + key + "]";
    }
}
