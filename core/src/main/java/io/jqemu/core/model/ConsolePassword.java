package io.jqemu.core.model;

import java.util.Objects;

/**
 * Where a remote console's password comes from. Whatever the source, the launcher hands the password
 * to QEMU over QMP ({@code set_password}) while QEMU is still paused: it is never on QEMU's command
 * line, in a log or in an exception message.
 */
public sealed interface ConsolePassword
        permits ConsolePassword.Generated, ConsolePassword.FromFile, ConsolePassword.FromEnvironment {

    /** A new random password at each start (default), shown to the VM's owner only. */
    ConsolePassword GENERATED = new Generated();

    /** A new random password at each start, shown to the VM's owner only. */
    record Generated() implements ConsolePassword {
    }

    /**
     * The first line of a file that only its owner can read or write (mode {@code 0600} or stricter,
     * owned by the user who runs jqemu); any other file is refused before the host is changed.
     *
     * @param path the file's absolute path
     */
    record FromFile(String path) implements ConsolePassword {
        /** Rejects a null path. */
        public FromFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * The value of an environment variable of the process that launches the VM; an unset or empty
     * variable is refused before the host is changed.
     *
     * @param variable the variable's name
     */
    record FromEnvironment(String variable) implements ConsolePassword {
        /** Rejects a null name. */
        public FromEnvironment {
            Objects.requireNonNull(variable, "variable");
        }
    }
}
