package io.jqemu.core;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a machine definition is invalid; carries every violation found, not only the first. */
public class InvalidMachineException extends JqemuException {
    /** Every violation found, in check order. */
    private final List<Violation> violations;

    /** Creates the exception from a non-empty list of violations. */
    public InvalidMachineException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid machine needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    /** Every violation, in the order the fields were checked. */
    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return "invalid machine (" + violations.size() + " problem" + (violations.size() == 1 ? "" : "s") + "):\n  "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("\n  "));
    }
}
