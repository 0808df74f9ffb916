package io.jqemu.cli.config;

import java.util.Optional;

/** Where the fields of one vm.toml are, for messages about them after the file was read. */
public final class SourcePositions {

    private final String file;
    private final TomlKeyIndex index;

    SourcePositions(String file, TomlKeyIndex index) {
        this.file = file;
        this.index = index;
    }

    /**
     * Where {@code fieldPath} (vm.toml spelling, e.g. {@code disks[0].path}) is written: its value,
     * else its key, else the nearest enclosing key in the file; empty when none of them is there.
     */
    public Optional<SourceLocation> of(String fieldPath) {
        return index.near(fieldPath).map(p -> new SourceLocation(file, p.line(), p.column()));
    }
}
