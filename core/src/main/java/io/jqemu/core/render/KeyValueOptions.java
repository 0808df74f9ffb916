package io.jqemu.core.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A QEMU {@code key=value,key=value} option list ({@code -machine}, {@code -chardev}, {@code -fsdev} ...).
 * Every value goes through {@link #escape}, the one escaping function of jqemu: QEMU's option parser
 * splits on ',' and reads ",," as a literal comma, so doubling commas makes any value one value.
 * Keys are always written explicitly (never an implied first value), so a value containing '=' is
 * never read as a key.
 */
public final class KeyValueOptions {
    private final List<String> parts = new ArrayList<>();

    private KeyValueOptions() {
    }

    /** Starts an empty list. */
    public static KeyValueOptions create() {
        return new KeyValueOptions();
    }

    /** Starts a list with a fixed leading word such as a chardev backend ({@code socket}); never user input. */
    public static KeyValueOptions leading(String fixedWord) {
        KeyValueOptions o = new KeyValueOptions();
        o.parts.add(fixedWord);
        return o;
    }

    /** Escapes a value for a QEMU option list: every ',' becomes ",,". */
    public static String escape(String value) {
        return value.replace(",", ",,");
    }

    /** Appends {@code key=value}, escaping the value. */
    public KeyValueOptions add(String key, String value) {
        parts.add(key + "=" + escape(value));
        return this;
    }

    /** Appends {@code key=value} for a number. */
    public KeyValueOptions add(String key, long value) {
        parts.add(key + "=" + value);
        return this;
    }

    /** Appends {@code key=on} or {@code key=off}. */
    public KeyValueOptions onOff(String key, boolean value) {
        parts.add(key + "=" + (value ? "on" : "off"));
        return this;
    }

    /** The rendered option list. */
    public String render() {
        return String.join(",", parts);
    }

    @Override
    public String toString() {
        return render();
    }
}
