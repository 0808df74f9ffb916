package io.jqemu.cli;

import java.util.regex.Pattern;

/** Quotes words for a POSIX shell so that a printed command line can be pasted back verbatim. */
public final class ShellQuote {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    /** {@code word} unchanged when the shell would keep it as one literal word, else single-quoted. */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
