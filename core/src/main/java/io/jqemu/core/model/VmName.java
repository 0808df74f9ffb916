package io.jqemu.core.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for VM names: a letter or digit, then up to 63 letters, digits, {@code .}, {@code _}
 * or {@code -} (ASCII). A name is also the name of the VM's state and runtime directories, so the
 * rule keeps it one path component that cannot leave its parent ({@code ..}, {@code /}) and one
 * word on QEMU's command line.
 */
public final class VmName {

    /** The longest name, in characters. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    /** What a name may be, for messages. */
    public static final String RULE_TEXT = "letters, digits, '.', '_' and '-', starting with a letter or digit, "
            + "at most " + MAX_LENGTH + " characters";

    private VmName() {
    }

    /** Whether {@code name} follows the rule. */
    public static boolean isValid(String name) {
        return name != null && RULE.matcher(name).matches();
    }

    /** Why {@code name} is not a VM name (naming the value), or empty when it is one. */
    public static Optional<String> problem(String name) {
        if (isValid(name)) {
            return Optional.empty();
        }
        if (name == null || name.isEmpty()) {
            return Optional.of("must not be empty (" + RULE_TEXT + ")");
        }
        return Optional.of(FieldChecks.quote(name.length() > 80 ? name.substring(0, 80) + "..." : name)
                + " is not a VM name (" + RULE_TEXT + ")");
    }
}
