package io.jqemu.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed TOML file: Jackson's tree, the positions of its keys and a problem collector that
 * places problems at them. Syntax errors are thrown at once as {@link InvalidConfigException}.
 */
public final class TomlDocument {

    private static final TomlMapper MAPPER = new TomlMapper();

    private final TomlTable root;
    private final Problems problems;

    private TomlDocument(TomlTable root, Problems problems) {
        this.root = root;
        this.problems = problems;
    }

    /**
     * Reads and parses {@code file}; the file name in positions is {@code file} as given, and
     * {@code ${NAME}} in string values is replaced from {@code variables}. The file must be a
     * regular file of at most 1 MiB of UTF-8.
     */
    public static TomlDocument read(Path file, Variables variables) {
        return parse(file.toString(), VmTomlFile.read(file), variables);
    }

    /** Parses {@code text}, naming it {@code fileName} in positions. */
    public static TomlDocument parse(String fileName, String text, Variables variables) {
        TomlKeyIndex index = TomlKeyIndex.of(text);
        index.tooDeep().ifPresent(at -> {
            throw new InvalidConfigException(fileName, List.of(new ConfigProblem(
                    Optional.of(new SourceLocation(fileName, at.line(), at.column())), "",
                    "tables, arrays and dotted keys nested deeper than " + TomlKeyIndex.MAX_DEPTH
                            + " levels (a vm.toml needs at most 6)")));
        });
        Problems problems = new Problems(fileName, index);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw syntaxError(fileName, index, e);
        } catch (RuntimeException e) {
            throw new InvalidConfigException(fileName, List.of(new ConfigProblem(Optional.empty(), "",
                    "TOML syntax error: the parser gave up (" + lowerFirst(e.getMessage()) + ")")));
        }
        if (tree == null || tree.isMissingNode()) {
            tree = MAPPER.createObjectNode();
        }
        return new TomlDocument(new TomlTable((ObjectNode) tree, "", problems, variables), problems);
    }

    /** The document's top-level table. */
    public TomlTable root() {
        return root;
    }

    /** The problems found while mapping this document. */
    public Problems problems() {
        return problems;
    }

    private static InvalidConfigException syntaxError(String fileName, TomlKeyIndex index, JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if ("Duplicate key".equals(message) && index.firstDuplicate().isPresent()) {
            TomlKeyIndex.Position at = index.duplicatePosition().orElseThrow();
            return new InvalidConfigException(fileName, List.of(new ConfigProblem(
                    Optional.of(new SourceLocation(fileName, at.line(), at.column())),
                    index.firstDuplicate().get(), "key defined twice")));
        }
        JsonLocation at = e.getLocation();
        Optional<SourceLocation> location = at == null || at.getLineNr() < 1
                ? Optional.empty()
                : Optional.of(new SourceLocation(fileName, at.getLineNr(), Math.max(1, at.getColumnNr())));
        return new InvalidConfigException(fileName, List.of(
                new ConfigProblem(location, "", "TOML syntax error: " + lowerFirst(message))));
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() ? "unreadable" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

}
