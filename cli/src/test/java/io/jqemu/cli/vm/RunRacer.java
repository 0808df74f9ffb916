package io.jqemu.cli.vm;

import io.jqemu.cli.Jqemu;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * A child JVM for {@link ConcurrentRunTest}: runs {@code jqemu ARGS...} in-process once per round,
 * starting round N the moment the file {@code go-N} appears in DIR (so that two racers start
 * within a millisecond of each other), and writes {@code result-N-PID} (exit code, then stderr).
 * Ends when the file {@code end} appears.
 */
public final class RunRacer {

    private RunRacer() {
    }

    /** {@code DIR ARGS...}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String[] jqemu = Arrays.copyOfRange(args, 1, args.length);
        long pid = ProcessHandle.current().pid();
        // load picocli and the command classes before the first round, as the other racer does
        Jqemu.run(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), "run", "--help");
        Files.writeString(dir.resolve("ready-" + pid), "");
        for (int round = 1; ; round++) {
            Path go = dir.resolve("go-" + round);
            while (!Files.exists(go)) {
                if (Files.exists(dir.resolve("end"))) {
                    System.exit(0);
                }
                Thread.sleep(1);
            }
            StringWriter err = new StringWriter();
            int code = Jqemu.run(new PrintWriter(Writer.nullWriter()), new PrintWriter(err), jqemu);
            Path tmp = dir.resolve("tmp-" + round + "-" + pid);
            Files.writeString(tmp, code + "\n" + err, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve("result-" + round + "-" + pid), StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
