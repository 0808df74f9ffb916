package io.jqemu.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM error escaping a command is one line with a pointer to --verbose, never a stack trace. */
class ErrorReportingTest {

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final Error error;

        Boom(Error error) {
            this.error = error;
        }

        @Override
        public Integer call() {
            throw error;
        }
    }

    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        private final RuntimeException exception;

        Fail(RuntimeException exception) {
            this.exception = exception;
        }

        @Override
        public Integer call() {
            throw exception;
        }
    }

    private static String[] run(Error error) {
        return run(new Boom(error));
    }

    private static String[] run(Object command) {
        CommandLine commandLine = Jqemu.configure(new CommandLine(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute();
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void aStackOverflowIsOneLine() {
        String[] result = run(new StackOverflowError());

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).isEmpty();
        assertThat(result[2].lines()).hasSize(1);
        assertThat(result[2]).startsWith("jqemu: ").contains("stack").contains("--verbose").doesNotContain("\tat ");
    }

    @Test
    void runningOutOfMemoryIsOneLine() {
        String[] result = run(new OutOfMemoryError("Java heap space"));

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2].lines()).hasSize(1);
        assertThat(result[2]).startsWith("jqemu: ").contains("memory").contains("--verbose").doesNotContain("\tat ");
    }

    @Test
    void aFailureWithoutAMessageSaysWhatKindItWas() {
        String[] result = run(new Fail(new IllegalStateException((String) null,
                new java.nio.channels.ClosedChannelException())));

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).isEqualTo("jqemu: the connection was closed\n");
    }

    @Test
    void theNearestMessageInTheCauseChainIsShown() {
        String[] result = run(new Fail(new IllegalStateException((String) null,
                new java.io.IOException("socket /run/x: permission denied"))));

        assertThat(result[2]).isEqualTo("jqemu: socket /run/x: permission denied\n");
    }
}
