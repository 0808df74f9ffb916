package io.jqemu.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One TOML table being mapped onto the model. Each accessor checks the value's type and records a
 * problem (instead of throwing) when it is wrong, so mapping continues and every problem is
 * reported together; {@link #finish()} reports the keys nobody asked for as unknown.
 */
public final class TomlTable {

    private final ObjectNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new HashSet<>();
    private final Variables variables;

    /**
     * The table {@code node} found at {@code path} ("" for the document root); string values have
     * their {@code ${NAME}} references replaced from {@code variables}.
     */
    public TomlTable(ObjectNode node, String path, Problems problems, Variables variables) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.variables = variables;
    }

    /** This table's field path ("" for the root). */
    public String path() {
        return path;
    }

    /** The field path of {@code key} in this table. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Where problems go. */
    public Problems problems() {
        return problems;
    }

    /** True when {@code key} is present (and marks it as known). */
    public boolean has(String key) {
        known.add(key);
        return node.has(key);
    }

    /** A string value. */
    public Optional<String> string(String key) {
        return typed(key, "a string", JsonNode::isTextual)
                .flatMap(n -> expand(pathOf(key), n.textValue()));
    }

    private Optional<String> expand(String at, String text) {
        try {
            return Optional.of(variables.expand(text));
        } catch (IllegalArgumentException e) {
            problems.atValue(at, e.getMessage());
            return Optional.empty();
        }
    }

    /** A string value that must be present. */
    public Optional<String> requiredString(String key) {
        return required(key, "a string", string(key));
    }

    /**
     * An integer value within TOML's 64-bit range, checked against the text as written (a value
     * the parser read differently is a problem, never silently another number).
     */
    public Optional<Long> integer(String key) {
        Optional<JsonNode> value = typed(key, "an integer", JsonNode::isIntegralNumber);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        BigInteger parsed = value.get().bigIntegerValue();
        Optional<String> written = problems.index().bareValue(pathOf(key));
        Optional<BigInteger> asWritten = written.flatMap(TomlTable::integerLiteral);
        BigInteger exact = asWritten.orElse(parsed);
        if (exact.bitLength() > 63) {
            problems.atValue(pathOf(key), "integer " + written.orElse(exact.toString()) + " is out of range ("
                    + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
            return Optional.empty();
        }
        if (!exact.equals(parsed)) {
            problems.atValue(pathOf(key), "integer " + written.orElseThrow() + " cannot be read exactly (the TOML "
                    + "parser read " + parsed + ")");
            return Optional.empty();
        }
        return Optional.of(exact.longValue());
    }

    /** A TOML integer literal's value: decimal with sign, or 0x, 0o, 0b; {@code _} between digits. */
    static Optional<BigInteger> integerLiteral(String literal) {
        String digits = literal.replace("_", "");
        int radix = 10;
        if (digits.length() > 2 && digits.charAt(0) == '0' && "xob".indexOf(digits.charAt(1)) >= 0) {
            radix = switch (digits.charAt(1)) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            digits = digits.substring(2);
            if (digits.startsWith("+") || digits.startsWith("-")) {
                return Optional.empty();
            }
        }
        if (digits.isEmpty() || digits.length() > 1000) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigInteger(digits, radix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An integer value within {@code [min, max]}. */
    public Optional<Long> integer(String key, long min, long max) {
        Optional<Long> value = integer(key);
        if (value.isPresent() && (value.get() < min || value.get() > max)) {
            problems.atValue(pathOf(key), "must be between " + min + " and " + max + ", not " + value.get());
            return Optional.empty();
        }
        return value;
    }

    /** True when {@code key} holds an integer (and marks it as known). */
    public boolean isInteger(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value != null && value.isIntegralNumber();
    }

    /** True when {@code key} holds a table (and marks it as known). */
    public boolean isTable(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value != null && value.isObject();
    }

    /** A boolean value. */
    public Optional<Boolean> bool(String key) {
        return typed(key, "a boolean (true or false)", JsonNode::isBoolean).map(JsonNode::booleanValue);
    }

    /**
     * A string converted by {@code parser}; an {@link IllegalArgumentException} from the parser
     * becomes a problem naming {@code what} and the value.
     */
    public <T> Optional<T> parsed(String key, String what, Function<String, T> parser) {
        return string(key).flatMap(text -> parse(pathOf(key), what, text, parser));
    }

    /** A required string converted by {@code parser}. */
    public <T> Optional<T> requiredParsed(String key, String what, Function<String, T> parser) {
        return required(key, what, parsed(key, what, parser));
    }

    /**
     * One of an enum's constants, written in kebab case ({@code WRITE_BACK} is {@code "write-back"}).
     */
    public <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
        return string(key).flatMap(text -> choiceOf(pathOf(key), text, type));
    }

    /** A nested table. */
    public Optional<TomlTable> table(String key) {
        return typed(key, "a table", JsonNode::isObject)
                .map(n -> new TomlTable((ObjectNode) n, pathOf(key), problems, variables));
    }

    /** An array of tables ({@code [[key]]} or {@code key = [{...}, ...]}); empty when absent. */
    public List<TomlTable> tables(String key) {
        List<TomlTable> out = new ArrayList<>();
        Optional<JsonNode> array = typed(key, "an array of tables", JsonNode::isArray);
        if (array.isEmpty()) {
            return out;
        }
        for (int i = 0; i < array.get().size(); i++) {
            JsonNode element = array.get().get(i);
            String elementPath = pathOf(key) + "[" + i + "]";
            if (element.isObject()) {
                out.add(new TomlTable((ObjectNode) element, elementPath, problems, variables));
            } else {
                problems.atValue(elementPath, "expected a table but found " + describe(element));
            }
        }
        return out;
    }

    /** An array of strings; empty when absent. */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        Optional<JsonNode> array = typed(key, "an array of strings", JsonNode::isArray);
        if (array.isEmpty()) {
            return out;
        }
        for (int i = 0; i < array.get().size(); i++) {
            JsonNode element = array.get().get(i);
            if (element.isTextual()) {
                expand(pathOf(key) + "[" + i + "]", element.textValue()).ifPresent(out::add);
            } else {
                problems.atValue(pathOf(key) + "[" + i + "]", "expected a string but found " + describe(element));
            }
        }
        return out;
    }

    /** Every key of this table, in the order written, each marked as known (a table whose keys are names). */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        known.addAll(out);
        return out;
    }

    /** Reports {@code key} as missing when it is absent. */
    public void require(String key) {
        known.add(key);
        if (!node.has(key)) {
            problems.near(pathOf(key), "missing required key '" + key + "'");
        }
    }

    /** Treats every key of this table as known (after a problem that makes the rest meaningless). */
    public void ignoreRest() {
        node.fieldNames().forEachRemaining(known::add);
    }

    /** Reports every key of this table that no accessor asked for. Call once, after mapping. */
    public void finish() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.atKey(pathOf(name), "unknown key '" + name + "'" + suggestion(name));
            }
        }
    }

    private String suggestion(String name) {
        return known.stream()
                .filter(k -> distance(k, name) <= Math.max(1, k.length() / 3))
                .sorted()
                .findFirst()
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse(" (known keys: " + known.stream().sorted().collect(Collectors.joining(", ")) + ")");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private <T> Optional<T> required(String key, String what, Optional<T> value) {
        if (!node.has(key)) {
            problems.near(pathOf(key), "missing required key '" + key + "' (" + what + ")");
        }
        return value;
    }

    private Optional<JsonNode> typed(String key, String expected, Predicate<JsonNode> test) {
        known.add(key);
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!test.test(value)) {
            problems.atValue(pathOf(key), "expected " + expected + " but found " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private <T> Optional<T> parse(String at, String what, String text, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? "" : ": " + e.getMessage();
            problems.atValue(at, "invalid " + what + " '" + text + "'" + reason);
            return Optional.empty();
        }
    }

    private <E extends Enum<E>> Optional<E> choiceOf(String at, String text, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (kebab(constant).equals(text)) {
                return Optional.of(constant);
            }
        }
        problems.atValue(at, "'" + text + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(c -> "'" + kebab(c) + "'").collect(Collectors.joining(", ")));
        return Optional.empty();
    }

    /** The TOML spelling of an enum constant: lower case, {@code _} becomes {@code -}. */
    public static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "a string (\"" + value.textValue() + "\")";
        }
        if (value.isBoolean()) {
            return "a boolean (" + value.booleanValue() + ")";
        }
        if (value.isIntegralNumber()) {
            return "an integer (" + value + ")";
        }
        if (value.isNumber()) {
            return "a float (" + value + ")";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "a table";
        }
        return "'" + value + "'";
    }
}
