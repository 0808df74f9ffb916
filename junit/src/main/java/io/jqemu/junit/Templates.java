package io.jqemu.junit;

import io.jqemu.core.model.Machine;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The template VMs of one run: each made once (by the first test that asks), then shared. */
final class Templates {
    /**
     * A saved template.
     *
     * @param machine   the machine it was saved from (its copies differ only in name)
     * @param stateFile its saved state
     */
    record Template(Machine machine, Path stateFile) {
    }

    private final Path dir;
    private final ConcurrentHashMap<String, CompletableFuture<Template>> made = new ConcurrentHashMap<>();

    Templates(Path dir) {
        this.dir = dir;
    }

    /**
     * The template {@code name}; the first caller makes it with {@code make} (given the state file
     * to write) while later callers wait. A template that failed to be made fails every caller.
     */
    Template get(String name, Function<Path, Template> make) {
        CompletableFuture<Template> mine = new CompletableFuture<>();
        CompletableFuture<Template> existing = made.putIfAbsent(name, mine);
        if (existing == null) {
            try {
                mine.complete(make.apply(dir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".state")));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            throw new io.jqemu.launcher.LauncherException("template '" + name + "' could not be made: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
