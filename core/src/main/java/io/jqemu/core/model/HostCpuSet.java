package io.jqemu.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A set of host CPUs in the kernel's list format ({@code 0-3,8,10-11}, as in
 * {@code /sys/devices/system/cpu/online} and {@code Cpus_allowed_list}).
 *
 * @param cpus the CPU numbers, ascending, each once
 */
public record HostCpuSet(List<Integer> cpus) {
    /** The largest CPU number accepted (the kernel's default {@code NR_CPUS} limit is 8192). */
    public static final int MAX_CPU = 8191;

    /** Copies the numbers; they must be ascending, distinct and in range, and at least one. */
    public HostCpuSet {
        cpus = List.copyOf(cpus);
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("a CPU set needs at least one CPU");
        }
        for (int i = 0; i < cpus.size(); i++) {
            int cpu = cpus.get(i);
            if (cpu < 0 || cpu > MAX_CPU || i > 0 && cpus.get(i - 1) >= cpu) {
                throw new IllegalArgumentException("CPU numbers must be ascending, distinct, 0 to " + MAX_CPU + ": " + cpus);
            }
        }
    }

    /**
     * Parses the list format: CPU numbers and ranges {@code a-b}, separated by commas.
     *
     * @throws IllegalArgumentException quoting the text and saying what is wrong
     */
    public static HostCpuSet parse(String text) {
        return new HostCpuSet(numbers(text).orElseThrow(() -> new IllegalArgumentException(problem(text).orElseThrow())));
    }

    /** What is wrong with {@code text} as a CPU set ("... is not ..."), empty when it parses. */
    public static Optional<String> problem(String text) {
        if (numbers(text).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(FieldChecks.quote(text) + " is not a host CPU set (CPU numbers from 0 to " + MAX_CPU
                + " and ranges, comma-separated: \"0-3,8\")");
    }

    private static Optional<List<Integer>> numbers(String text) {
        TreeSet<Integer> out = new TreeSet<>();
        if (text.isBlank()) {
            return Optional.empty();
        }
        for (String part : text.strip().split(",", -1)) {
            String[] bounds = part.strip().split("-", -1);
            if (bounds.length > 2) {
                return Optional.empty();
            }
            Optional<Integer> from = number(bounds[0]);
            Optional<Integer> to = bounds.length == 2 ? number(bounds[1]) : from;
            if (from.isEmpty() || to.isEmpty() || from.get() > to.get()) {
                return Optional.empty();
            }
            for (int cpu = from.get(); cpu <= to.get(); cpu++) {
                out.add(cpu);
            }
        }
        return Optional.of(new ArrayList<>(out));
    }

    private static Optional<Integer> number(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 4 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int n = Integer.parseInt(t);
        return n <= MAX_CPU ? Optional.of(n) : Optional.empty();
    }

    /** Whether every CPU of this set is in {@code other}. */
    public boolean within(HostCpuSet other) {
        return other.cpus.containsAll(cpus);
    }

    /** The list format with ranges folded: {@code 0-3,8}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < cpus.size()) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(cpus.get(i));
            if (j > i) {
                sb.append('-').append(cpus.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
