package io.jqemu.cli.systemd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A systemd unit file read the way systemd reads one (sections, {@code Key=Value}, comments), and
 * the restart decision systemd's {@code Restart=on-failure} makes for an exit code under it.
 */
public final class UnitText {

    private final Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();

    private UnitText() {
    }

    /** Reads {@code text}. */
    public static UnitText parse(String text) {
        UnitText unit = new UnitText();
        String section = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not Key=Value in [" + section + "]: " + raw);
            }
            unit.sections.computeIfAbsent(section, s -> new LinkedHashMap<>())
                    .computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return unit;
    }

    /** The last value of {@code key} in {@code section}. */
    public Optional<String> value(String section, String key) {
        List<String> values = sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** {@code [Service] key}, which must be there. */
    public String service(String key) {
        return value("Service", key).orElseThrow(() -> new AssertionError("no " + key + "= in [Service]"));
    }

    /** TimeoutStopSec as a duration (plain seconds, as jqemu writes it). */
    public Duration stopTimeout() {
        return Duration.ofSeconds(Long.parseLong(service("TimeoutStopSec")));
    }

    /** Whether systemd restarts the service after its main process exited with {@code exitCode}. */
    public boolean restartsAfter(int exitCode) {
        if (!service("Restart").equals("on-failure")) {
            throw new AssertionError("expected Restart=on-failure, got " + service("Restart"));
        }
        List<Integer> success = codes("SuccessExitStatus");
        List<Integer> prevent = codes("RestartPreventExitStatus");
        boolean clean = exitCode == 0 || success.contains(exitCode);
        return !clean && !prevent.contains(exitCode);
    }

    private List<Integer> codes(String key) {
        return value("Service", key).map(v -> Arrays.stream(v.split("\\s+")).filter(s -> !s.isEmpty())
                .map(Integer::valueOf).toList()).orElse(List.of());
    }
}
