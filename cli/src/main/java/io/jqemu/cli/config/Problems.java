package io.jqemu.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects every problem found in one vm.toml, each placed at its key's or value's position, so
 * that all of them can be reported at once.
 */
public final class Problems {

    private final String file;
    private final TomlKeyIndex index;
    private final List<ConfigProblem> found = new ArrayList<>();

    /** Problems of {@code file}, positioned with {@code index}. */
    public Problems(String file, TomlKeyIndex index) {
        this.file = file;
        this.index = index;
    }

    /** The positions of the document's fields. */
    public SourcePositions positions() {
        return new SourcePositions(file, index);
    }

    /** The positions (and bare values as written) of the document. */
    TomlKeyIndex index() {
        return index;
    }

    /** A problem with the key at {@code path} itself (e.g. an unknown key). */
    public void atKey(String path, String message) {
        add(index.key(path).or(() -> index.near(path)), path, message);
    }

    /** A problem with the value at {@code path} (wrong type, invalid value). */
    public void atValue(String path, String message) {
        add(index.value(path).or(() -> index.near(path)), path, message);
    }

    /** A problem with {@code path} wherever it is closest in the file (e.g. a missing key). */
    public void near(String path, String message) {
        add(index.near(path), path, message);
    }

    /** A problem at a known position with no field path (syntax errors). */
    public void at(TomlKeyIndex.Position position, String message) {
        add(Optional.of(position), "", message);
    }

    private void add(Optional<TomlKeyIndex.Position> at, String path, String message) {
        found.add(new ConfigProblem(at.map(p -> new SourceLocation(file, p.line(), p.column())), path, message));
    }

    /** True when some problem concerns {@code path} or a path inside it. */
    public boolean reportedAtOrUnder(String path) {
        return found.stream().anyMatch(p -> p.fieldPath().equals(path)
                || p.fieldPath().startsWith(path + ".") || p.fieldPath().startsWith(path + "["));
    }

    /** True when some problem concerns {@code path} or a path enclosing it. */
    public boolean reportedAtOrAbove(String path) {
        for (String p = path; !p.isEmpty(); p = TomlKeyIndex.parent(p)) {
            String candidate = p;
            if (found.stream().anyMatch(f -> f.fieldPath().equals(candidate))) {
                return true;
            }
        }
        return false;
    }

    /** The problems so far, in the order found. */
    public List<ConfigProblem> list() {
        return List.copyOf(found);
    }

    /** Throws {@link InvalidConfigException} when any problem was found. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidConfigException(file, list());
        }
    }
}
