package io.jqemu.launcher;

import io.jqemu.core.render.HostResource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a launch's helper processes (swtpm, virtiofsd) wrote to their logs since the launch began, so
 * that a launch failing in QEMU because a helper failed carries the helper's own words.
 */
final class HelperOutputs {
    private static final int MAX_CHARS = 4000;
    private final Map<HostResource.HelperDaemon, Long> starts;

    private HelperOutputs(Map<HostResource.HelperDaemon, Long> starts) {
        this.starts = starts;
    }

    /** Notes where each helper's log ends before the launch. */
    static HelperOutputs before(List<HostResource> needs) {
        Map<HostResource.HelperDaemon, Long> starts = new LinkedHashMap<>();
        for (HostResource need : needs) {
            if (need instanceof HostResource.HelperDaemon helper) {
                starts.put(helper, size(Path.of(helper.logFile())));
            }
        }
        return new HelperOutputs(starts);
    }

    /**
     * {@code failure} with what the helpers wrote since the launch began appended to its message, or
     * {@code failure} itself when they wrote nothing.
     */
    RuntimeException explain(RuntimeException failure) {
        if (!(failure instanceof LaunchFailedException)) {
            return failure;
        }
        List<String> said = new ArrayList<>();
        starts.forEach((helper, start) -> {
            String text = read(Path.of(helper.logFile()), start);
            if (!text.isEmpty()) {
                said.add(helper.program() + " (" + helper.fieldPath() + ") wrote: " + text);
            }
        });
        if (said.isEmpty()) {
            return failure;
        }
        return new LaunchFailedException(failure.getMessage() + "; " + String.join("; ", said), failure);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path file, long start) {
        if (!Files.exists(file)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(start, Files.size(file)));
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return text.length() > MAX_CHARS ? "..." + text.substring(text.length() - MAX_CHARS) : text;
        } catch (IOException e) {
            return "";
        }
    }
}
