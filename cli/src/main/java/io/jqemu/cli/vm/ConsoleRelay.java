package io.jqemu.cli.vm;

import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.SerialConsole;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code jqemu run --console}: copies the guest's serial console to standard output and standard
 * input to the console, each on its own daemon thread, until the console closes.
 */
public final class ConsoleRelay implements AutoCloseable {

    private final Optional<SerialConsole> console;
    private final Optional<Thread> reader;

    private ConsoleRelay(Optional<SerialConsole> console, Optional<Thread> reader) {
        this.console = console;
        this.reader = reader;
    }

    /** A relay that does nothing (no {@code --console}). */
    public static ConsoleRelay none() {
        return new ConsoleRelay(Optional.empty(), Optional.empty());
    }

    /** Connects to {@code vm}'s serial console and starts copying. */
    public static ConsoleRelay open(RunningVm vm, PrintWriter out) {
        SerialConsole console = vm.serialConsole();
        Thread reader = Thread.ofPlatform().daemon().name("jqemu-console-out")
                .start(() -> copyOut(console.input(), out));
        Thread.ofPlatform().daemon().name("jqemu-console-in").start(() -> copyIn(System.in, console.output()));
        return new ConsoleRelay(Optional.of(console), Optional.of(reader));
    }

    private static void copyOut(InputStream from, PrintWriter to) {
        char[] buffer = new char[4096];
        try (Reader in = new InputStreamReader(from, StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            // the console closed: QEMU exited or the relay was closed
        }
    }

    private static void copyIn(InputStream from, OutputStream to) {
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the console closed
        }
    }

    /** Waits (at most two seconds) for the guest's last console output after QEMU exited. */
    public void drain() {
        reader.ifPresent(t -> {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void close() {
        console.ifPresent(c -> {
            try {
                c.close();
            } catch (RuntimeException e) {
                // already closed by QEMU's exit
            }
        });
    }
}
