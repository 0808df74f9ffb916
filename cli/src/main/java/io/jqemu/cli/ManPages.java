package io.jqemu.cli;

import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.File;
import java.io.IOException;

/**
 * Writes jqemu's man pages as AsciiDoc (jqemu.adoc and one jqemu-COMMAND.adoc per command) from
 * the picocli command tree, with picocli-codegen's {@link ManPageGenerator}. The build runs it and
 * converts the pages to troff for the Debian package; it is not part of the installed program.
 */
public final class ManPages {

    private ManPages() {
    }

    /**
     * Writes the pages.
     *
     * @param args the output directory
     * @throws IOException when a page cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPages OUTPUT_DIR");
        }
        int status = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
                Jqemu.commandLine().getCommandSpec());
        if (status != 0) {
            throw new IOException("picocli's ManPageGenerator failed with status " + status);
        }
    }
}
