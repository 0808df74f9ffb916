package io.jqemu.libvirt.equivalence;

/**
 * How far a libvirt domain comes through jqemu, best first. A case may not fall below the outcome
 * checked in for it ({@code expected-outcomes.txt}); the last three always fail.
 */
enum Outcome {
    /** Imported with no report that changes the VM, and QEMU built the same machine from both command lines. */
    EQUAL("equal"),
    /** The importer reported parts jqemu leaves out, yet QEMU built the same machine (those parts do not reach what is compared). */
    EQUAL_WITH_REPORTS("equal-with-reports"),
    /** QEMU built different machines, and the importer reported every difference at its XPath. */
    EXPLAINED("explained"),
    /** A difference no importer report explains. */
    UNEXPLAINED("unexplained"),
    /** The importer refused the domain. */
    IMPORT_ERROR("import-error"),
    /** A QEMU did not start from its command line made runnable. */
    NOT_STARTED("not-started");

    private final String word;

    Outcome(String word) {
        this.word = word;
    }

    /** The word used in the expectations and the docs. */
    String word() {
        return word;
    }

    /** Whether this outcome is at least as good as {@code expected}. */
    boolean atLeast(Outcome expected) {
        return ordinal() <= expected.ordinal();
    }

    static Outcome of(String word) {
        for (Outcome o : values()) {
            if (o.word.equals(word)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no outcome '" + word + "'");
    }
}
