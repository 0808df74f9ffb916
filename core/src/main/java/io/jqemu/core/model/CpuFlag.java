package io.jqemu.core.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One CPU feature flag as written in {@link Cpu#flags()}: {@code +name} turns the feature on,
 * {@code -name} turns it off. Rendered as {@code name=on} / {@code name=off} after the model in {@code -cpu}.
 *
 * @param name    QEMU's feature name, e.g. {@code avx2}, {@code pcid}, {@code sse4.1}
 * @param enabled true for {@code +name}
 */
public record CpuFlag(String name, boolean enabled) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    /**
     * Parses {@code +name} or {@code -name}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static CpuFlag parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return new CpuFlag(text.substring(1), text.charAt(0) == '+');
    }

    /** What is wrong with {@code text} as a flag, if anything. */
    static Optional<String> problem(String text) {
        if (text.isEmpty() || text.charAt(0) != '+' && text.charAt(0) != '-') {
            return Optional.of(FieldChecks.quote(text) + " is not a CPU flag: write +name to turn a feature on, "
                    + "-name to turn it off (e.g. +avx2, -svm)");
        }
        String name = text.substring(1);
        if (!NAME.matcher(name).matches()) {
            return Optional.of(FieldChecks.quote(name) + " is not a CPU feature name (lower-case letters, digits, "
                    + "'_', '.' and '-')");
        }
        if (name.startsWith("hv-") || name.startsWith("hv_")) {
            return Optional.of(FieldChecks.quote(text) + " is a Hyper-V enlightenment: set it through cpu.hyperv");
        }
        return Optional.empty();
    }

    /** The name QEMU compares: it treats {@code _}, {@code .} and {@code -} in feature names alike. */
    public String canonicalName() {
        return name.replace('_', '-').replace('.', '-').toLowerCase(Locale.ROOT);
    }

    /** The {@code -cpu} property: {@code name=on} or {@code name=off}. */
    public String cpuProperty() {
        return name + (enabled ? "=on" : "=off");
    }

    /** As written: {@code +name} or {@code -name}. */
    @Override
    public String toString() {
        return (enabled ? "+" : "-") + name;
    }
}
