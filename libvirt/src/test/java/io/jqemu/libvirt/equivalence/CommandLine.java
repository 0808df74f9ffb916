package io.jqemu.libvirt.equivalence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A QEMU command line as libvirt's test files write it: environment assignments, the emulator, then
 * options, one per line with {@code \} continuations (the old format also breaks inside an option),
 * values in single quotes when they hold JSON. Or an argv list, as jqemu renders it.
 */
record CommandLine(List<String> environment, String emulator, List<QemuOption> options) {
    /** Options that take no value. */
    private static final Set<String> FLAGS = Set.of("-S", "-nodefaults", "-no-user-config", "-no-shutdown",
            "-no-acpi", "-usb", "-enable-kvm", "-no-hpet", "-no-reboot", "-snapshot", "-nographic");

    CommandLine {
        environment = List.copyOf(environment);
        options = List.copyOf(options);
    }

    /** Reads a libvirt {@code .args} file. */
    static CommandLine readArgsFile(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses a shell command line as libvirt prints it (single quotes only; backslash-newline joins). */
    static CommandLine parse(String text) {
        return fromTokens(tokens(text.replace("\\\n", "")));
    }

    /** An argv list: the emulator first. */
    static CommandLine fromArgv(List<String> argv) {
        return fromTokens(argv);
    }

    private static CommandLine fromTokens(List<String> tokens) {
        List<String> env = new ArrayList<>();
        int i = 0;
        while (i < tokens.size() && tokens.get(i).matches("[A-Z_][A-Z0-9_]*=.*")) {
            env.add(tokens.get(i++));
        }
        if (i >= tokens.size()) {
            throw new IllegalArgumentException("no emulator in the command line");
        }
        String emulator = tokens.get(i++);
        List<QemuOption> options = new ArrayList<>();
        while (i < tokens.size()) {
            String name = tokens.get(i++);
            if (!name.startsWith("-")) {
                throw new IllegalArgumentException("expected an option, found " + name);
            }
            if (FLAGS.contains(name) || i >= tokens.size()) {
                options.add(QemuOption.flag(name));
            } else {
                options.add(QemuOption.of(name, tokens.get(i++)));
            }
        }
        return new CommandLine(env, emulator, options);
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                cur = cur == null ? new StringBuilder() : cur;
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated single quote");
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The argv: the emulator, then the options. */
    List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(emulator);
        for (QemuOption o : options) {
            argv.add(o.name());
            o.value().ifPresent(argv::add);
        }
        return argv;
    }
}
