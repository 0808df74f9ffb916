package io.jqemu.cli.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where every key and value of a TOML document starts, by field path ({@code disks[1].path}).
 *
 * <p>Jackson's TOML module parses into a tree without positions, so this small scanner walks the
 * text a second time. It expects text Jackson has accepted, and is lenient otherwise: it only
 * records positions, it never rejects anything. Along the way it notes the first key defined twice,
 * which Jackson reports only at the end of the offending line, keeps the text of every bare value
 * (integers as written), and stops at the first place nested deeper than {@link #MAX_DEPTH} levels,
 * so that no input can exhaust the stack.
 */
public final class TomlKeyIndex {

    /** A 1-based line and column. */
    public record Position(int line, int column) { }

    /** The deepest nesting of tables, arrays and dotted keys a document may have (a vm.toml needs 6). */
    public static final int MAX_DEPTH = 32;

    private final Map<String, Position> keys = new HashMap<>();
    private final Map<String, String> bareValues = new HashMap<>();
    private Optional<Position> tooDeep = Optional.empty();
    private int nesting;
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Integer> arrayTables = new HashMap<>();
    private Optional<String> firstDuplicate = Optional.empty();
    private Optional<Position> duplicateAt = Optional.empty();

    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;

    private TomlKeyIndex(String text) {
        this.text = text;
    }

    /** Indexes {@code text}. */
    public static TomlKeyIndex of(String text) {
        TomlKeyIndex index = new TomlKeyIndex(text);
        index.document();
        return index;
    }

    /** Where the key (or table header) for {@code path} starts. */
    public Optional<Position> key(String path) {
        return Optional.ofNullable(keys.get(path));
    }

    /** Where the value for {@code path} starts (array elements are {@code name[i]}). */
    public Optional<Position> value(String path) {
        return Optional.ofNullable(values.get(path));
    }

    /**
     * The best position for a problem about {@code path}: its value, else its key, else the key of
     * the nearest enclosing path that appears in the file.
     */
    public Optional<Position> near(String path) {
        Position exact = values.getOrDefault(path, keys.get(path));
        if (exact != null) {
            return Optional.of(exact);
        }
        for (String p = parent(path); !p.isEmpty(); p = parent(p)) {
            Position at = keys.getOrDefault(p, values.get(p));
            if (at != null) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    /**
     * The text of the bare value (a number, boolean or date, not a string, array or table) at
     * {@code path}, as written.
     */
    public Optional<String> bareValue(String path) {
        return Optional.ofNullable(bareValues.get(path));
    }

    /** Where the document first nests deeper than {@link #MAX_DEPTH} levels; the index stops there. */
    public Optional<Position> tooDeep() {
        return tooDeep;
    }

    /** The path of the first key defined twice, if any. */
    public Optional<String> firstDuplicate() {
        return firstDuplicate;
    }

    /** Where the second definition of {@link #firstDuplicate()} starts. */
    public Optional<Position> duplicatePosition() {
        return duplicateAt;
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    // ---- scanning ----

    private void document() {
        String table = "";
        int tableDepth = 0;
        while (!atEnd()) {
            skipBlankLinesAndComments();
            if (atEnd()) {
                break;
            }
            if (peek() == '[') {
                Position at = here();
                boolean arrayHeader = text.startsWith("[[", pos);
                advance(arrayHeader ? 2 : 1);
                List<String> parts = keyParts();
                advance(arrayHeader ? 2 : 1);
                tableDepth = parts.size() + (arrayHeader ? 1 : 0);
                if (deeperThanAllowed(tableDepth, at)) {
                    return;
                }
                table = header(at, arrayHeader, parts);
            } else {
                keyValue(table, tableDepth);
            }
        }
    }

    /** Notes {@code at} and ends the scan when {@code depth} is beyond {@link #MAX_DEPTH}. */
    private boolean deeperThanAllowed(int depth, Position at) {
        if (depth <= MAX_DEPTH) {
            return false;
        }
        if (tooDeep.isEmpty()) {
            tooDeep = Optional.of(at);
        }
        pos = text.length();
        return true;
    }

    private String header(Position at, boolean arrayHeader, List<String> parts) {
        String path = "";
        for (int i = 0; i < parts.size(); i++) {
            path = join(path, parts.get(i));
            boolean last = i == parts.size() - 1;
            if (last && arrayHeader) {
                int count = arrayTables.merge(path, 1, Integer::sum);
                keys.putIfAbsent(path, at);
                path = path + "[" + (count - 1) + "]";
            } else if (arrayTables.containsKey(path)) {
                path = path + "[" + (arrayTables.get(path) - 1) + "]";
            }
        }
        keys.putIfAbsent(path, at);
        return path;
    }

    private void keyValue(String table, int depth) {
        Position at = here();
        String path = table;
        List<String> parts = keyParts();
        if (deeperThanAllowed(depth + parts.size(), at)) {
            return;
        }
        for (String part : parts) {
            path = join(path, part);
            keys.putIfAbsent(path, at);
        }
        if (!parts.isEmpty() && values.containsKey(path) && firstDuplicate.isEmpty()) {
            firstDuplicate = Optional.of(path);
            duplicateAt = Optional.of(at);
        }
        skipSpaces();
        if (!atEnd() && peek() == '=') {
            advance(1);
            skipSpaces();
            scanValue(path, depth + parts.size());
        } else {
            skipToLineEnd();
        }
    }

    private List<String> keyParts() {
        List<String> parts = new ArrayList<>();
        while (!atEnd()) {
            skipSpaces();
            if (atEnd()) {
                break;
            }
            char c = peek();
            if (c == '"') {
                parts.add(basicString());
            } else if (c == '\'') {
                parts.add(literalString());
            } else if (isBareKeyChar(c)) {
                int start = pos;
                while (!atEnd() && isBareKeyChar(peek())) {
                    advance(1);
                }
                parts.add(text.substring(start, pos));
            } else {
                break;
            }
            skipSpaces();
            if (!atEnd() && peek() == '.') {
                advance(1);
            } else {
                break;
            }
        }
        return parts;
    }

    private void scanValue(String path, int depth) {
        values.putIfAbsent(path, here());
        if (atEnd()) {
            return;
        }
        char c = peek();
        if (c == '"') {
            if (text.startsWith("\"\"\"", pos)) {
                multiLineString("\"\"\"", true);
            } else {
                basicString();
            }
        } else if (c == '\'') {
            if (text.startsWith("'''", pos)) {
                multiLineString("'''", false);
            } else {
                literalString();
            }
        } else if (c == '[') {
            array(path, depth + 1);
        } else if (c == '{') {
            inlineTable(path, depth);
        } else {
            int start = pos;
            while (!atEnd() && ",]}#\r\n".indexOf(peek()) < 0) {
                advance(1);
            }
            bareValues.putIfAbsent(path, text.substring(start, pos).strip());
        }
    }

    private void array(String path, int depth) {
        if (deeperThanAllowed(Math.max(depth, ++nesting), here())) {
            return;
        }
        try {
            arrayElements(path, depth);
        } finally {
            nesting--;
        }
    }

    private void arrayElements(String path, int depth) {
        advance(1);
        int index = 0;
        while (!atEnd()) {
            skipBlankLinesAndComments();
            if (atEnd() || peek() == ']') {
                advance(1);
                return;
            }
            int before = pos;
            scanValue(path + "[" + index++ + "]", depth);
            skipBlankLinesAndComments();
            if (!atEnd() && peek() == ',') {
                advance(1);
            }
            if (pos == before) {
                advance(1);
            }
        }
    }

    private void inlineTable(String path, int depth) {
        if (deeperThanAllowed(++nesting, here())) {
            return;
        }
        try {
            inlineTableEntries(path, depth);
        } finally {
            nesting--;
        }
    }

    private void inlineTableEntries(String path, int depth) {
        advance(1);
        while (!atEnd()) {
            skipSpaces();
            if (atEnd() || peek() == '}') {
                advance(1);
                return;
            }
            if (peek() == ',') {
                advance(1);
                continue;
            }
            int before = pos;
            keyValue(path, depth);
            if (pos == before) {
                advance(1);
            }
        }
    }

    private String basicString() {
        advance(1);
        StringBuilder out = new StringBuilder();
        while (!atEnd() && peek() != '"' && peek() != '\n') {
            if (peek() == '\\' && pos + 1 < text.length()) {
                out.append(text.charAt(pos + 1));
                advance(2);
            } else {
                out.append(peek());
                advance(1);
            }
        }
        advance(1);
        return out.toString();
    }

    private String literalString() {
        advance(1);
        int start = pos;
        while (!atEnd() && peek() != '\'' && peek() != '\n') {
            advance(1);
        }
        String s = text.substring(start, pos);
        advance(1);
        return s;
    }

    private void multiLineString(String quotes, boolean escapes) {
        advance(3);
        while (!atEnd()) {
            if (escapes && peek() == '\\') {
                advance(2);
            } else if (text.startsWith(quotes, pos)) {
                advance(3);
                while (!atEnd() && peek() == quotes.charAt(0)) {
                    advance(1);
                }
                return;
            } else {
                advance(1);
            }
        }
    }

    private void skipBlankLinesAndComments() {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advance(1);
            } else if (c == '#') {
                skipToLineEnd();
            } else {
                return;
            }
        }
    }

    private void skipSpaces() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            advance(1);
        }
    }

    private void skipToLineEnd() {
        while (!atEnd() && peek() != '\n') {
            advance(1);
        }
    }

    private static boolean isBareKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private Position here() {
        return new Position(line, column);
    }

    private void advance(int n) {
        for (int i = 0; i < n && pos < text.length(); i++) {
            if (text.charAt(pos++) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }
}
