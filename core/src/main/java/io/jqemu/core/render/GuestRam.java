package io.jqemu.core.render;

import java.util.Objects;
import java.util.Optional;

/**
 * Guest RAM in a memory backend with id {@value #ID} ({@code -machine memory-backend=ram0}), chosen by
 * the launcher for saved states: a template VM keeps its RAM in a shared file, so a save leaves the
 * RAM out of the stream and a restore maps a copy of that file privately (copy-on-write).
 *
 * @param file   the file backing the RAM ({@code memory-backend-file}), or empty for anonymous memory
 *               ({@code memory-backend-ram}, the same RAM block name as a file-backed one)
 * @param shared whether writes go to the file ({@code share=on}); a private mapping keeps them in the
 *               VM's own copy-on-write pages
 */
public record GuestRam(Optional<String> file, boolean shared) {
    /** The memory backend's id, which is also the RAM block's name in a migration stream. */
    public static final String ID = "ram0";

    /** Requires the file (possibly empty); anonymous memory cannot be shared through a file. */
    public GuestRam {
        Objects.requireNonNull(file, "file");
        if (file.isEmpty() && shared) {
            throw new IllegalArgumentException("shared guest RAM needs a file");
        }
    }

    /** RAM in {@code file}, shared or private. */
    public static GuestRam inFile(String file, boolean shared) {
        return new GuestRam(Optional.of(file), shared);
    }

    /** Anonymous RAM in a backend named {@value #ID}. */
    public static GuestRam anonymous() {
        return new GuestRam(Optional.empty(), false);
    }
}
