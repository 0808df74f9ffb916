package io.jqemu.cli.config;

/**
 * A position in a configuration file, printed the way compilers do: {@code file:line:column}.
 *
 * @param file   the file name as the user gave it
 * @param line   1-based line
 * @param column 1-based column
 */
public record SourceLocation(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
