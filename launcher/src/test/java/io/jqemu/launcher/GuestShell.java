package io.jqemu.launcher;

import io.jqemu.launcher.host.guest.GuestConsole;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The test guest's console over a {@link SerialConsole}: {@link GuestConsole}'s protocol, plus
 * waiting for a line that appears after a mark (hotplug uevents repeat across tests).
 */
public final class GuestShell implements AutoCloseable {
    private final SerialConsole serial;
    private final GuestConsole console;

    public GuestShell(SerialConsole serial) {
        this.serial = serial;
        this.console = new GuestConsole(serial.input(), serial.output());
    }

    /** The number of lines seen so far: a mark to wait from. */
    public int mark() {
        return console.lines().size();
    }

    /** Waits for a matching line at or after {@code mark}. */
    public String awaitLine(int mark, Predicate<String> match, Duration timeout) throws TimeoutException, InterruptedException {
        return console.await(match.and(line -> console.lines().lastIndexOf(line) >= mark), timeout);
    }

    public void awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        // firmware may leave escape sequences on the marker's line (OVMF does)
        console.await(line -> line.contains(GuestConsole.READY), timeout);
    }

    /** Runs a command in the guest and returns its output, failing unless it exits 0. */
    public String check(String command) throws Exception {
        GuestConsole.Result result = console.run(command, Duration.ofSeconds(30));
        if (result.status() != 0) {
            throw new AssertionError("guest command failed (" + result.status() + "): " + command + "\n" + result.text());
        }
        return result.text();
    }

    @Override
    public void close() {
        serial.close();
    }
}
