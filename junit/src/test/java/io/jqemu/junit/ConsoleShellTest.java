package io.jqemu.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console protocol against a scripted peer over pipes: the parts a real guest will not show on
 * demand (a command that never ends, a console that closes mid-wait, interleaved uevent lines).
 * The same protocol against the real test guest: {@link GuestConsoleTest}.
 */
class ConsoleShellTest {
    private PipedOutputStream guestPrints;
    private BufferedReader guestReads;
    private ConsoleShell shell;

    @BeforeEach
    void open() throws Exception {
        guestPrints = new PipedOutputStream();
        PipedInputStream fromGuest = new PipedInputStream(guestPrints, 1 << 16);
        PipedInputStream toGuestIn = new PipedInputStream(1 << 16);
        PipedOutputStream toGuest = new PipedOutputStream(toGuestIn);
        guestReads = new BufferedReader(new InputStreamReader(toGuestIn, StandardCharsets.UTF_8));
        shell = ConsoleShell.over("VM scripted", fromGuest, toGuest);
    }

    @AfterEach
    void close() {
        shell.close();
    }

    private void print(String... lines) throws Exception {
        for (String line : lines) {
            guestPrints.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        guestPrints.flush();
    }

    @Test
    void aCommandsOutputIsWhatLiesBetweenItsMarkersWithoutUeventLines() throws Exception {
        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(
                () -> shell.run("uname -r", Duration.ofSeconds(30)));
        String sent = guestReads.readLine();
        String token = sent.substring(0, sent.indexOf(' '));
        assertThat(sent).isEqualTo(token + " uname -r");

        print("unrelated", "JQEMU-BEGIN " + token, "6.1.0", "JQEMU-UEVENT add block sdb /devices/x", "second",
                "JQEMU-END " + token + " 3");

        CommandResult result = running.get(30, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(3);
        assertThat(result.output()).containsExactly("6.1.0", "second");
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void checkFailsNamingTheCommandItsStatusAndOutput() throws Exception {
        CompletableFuture<String> checking = CompletableFuture.supplyAsync(() -> shell.check("false", Duration.ofSeconds(30)));
        String token = guestReads.readLine().split(" ")[0];
        print("JQEMU-BEGIN " + token, "it broke", "JQEMU-END " + token + " 1");

        assertThatThrownBy(() -> checking.join()).hasCauseInstanceOf(GuestCommandException.class)
                .hasMessageContaining("VM scripted: guest command failed with status 1: false")
                .hasMessageContaining("it broke");
    }

    @Test
    void aCommandThatDoesNotEndInTimeNamesTheCommandTheEndLineAndTheLastLines() throws Exception {
        print("booting", "almost there");

        assertThatThrownBy(() -> shell.run("sleep 600", Duration.ofMillis(300)))
                .isInstanceOf(ConsoleTimeoutException.class)
                .hasMessageContaining("VM scripted: no line 'JQEMU-END ")
                .hasMessageContaining(" <status>' within 300 ms after the command 'sleep 600'")
                .hasMessageContaining("the console's last 2 lines:\n  booting\n  almost there")
                .satisfies(e -> assertThat(((ConsoleTimeoutException) e).lastLines()).containsExactly("booting", "almost there"));
    }

    @Test
    void aMarkerThatNeverComesIsNamedAndAClosedConsoleSaysSo() throws Exception {
        assertThatThrownBy(() -> shell.awaitMarker("READY-NEVER", Duration.ofMillis(200)))
                .isInstanceOf(ConsoleTimeoutException.class)
                .hasMessage("VM scripted: no line containing 'READY-NEVER' within 200 ms; the console showed no line");

        print("last words");
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(
                () -> shell.awaitMarker("READY-NEVER", Duration.ofSeconds(60)));
        shell.awaitMarker("last words", Duration.ofSeconds(30));
        guestPrints.close();

        assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ConsoleTimeoutException.class)
                .hasMessageContaining("the console closed; no line containing 'READY-NEVER' came")
                .hasMessageContaining("last words");
    }

    @Test
    void aWaitFromAMarkIgnoresEarlierLines() throws Exception {
        print("JQEMU-UEVENT add block sdb");
        shell.awaitMarker("sdb", Duration.ofSeconds(30));
        long mark = shell.mark();
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> shell.awaitLine(mark,
                l -> l.startsWith("JQEMU-UEVENT add block"), "the next block device", Duration.ofSeconds(30)));
        print("JQEMU-UEVENT add block sdc");

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo("JQEMU-UEVENT add block sdc");
        assertThat(shell.tail(1)).containsExactly("JQEMU-UEVENT add block sdc");
    }

    @Test
    void aCommandWithALineBreakIsRefused() {
        assertThatThrownBy(() -> shell.send("echo a\necho b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("command: one line only");
    }
}
