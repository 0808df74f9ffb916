package io.jqemu.cli;

/** Messages of exceptions for people: never {@code null}, even when an exception carries none. */
public final class Messages {

    private Messages() {
    }

    /**
     * The message of {@code e}, else of its nearest cause that has one, else what kind of failure
     * it was ({@code connection closed}, {@code interrupted}, ...).
     */
    public static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return kind(e);
    }

    private static String kind(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return switch (root) {
            case java.nio.channels.ClosedChannelException closed -> "the connection was closed";
            case java.io.EOFException eof -> "the connection ended early";
            case InterruptedException interrupted -> "interrupted";
            case java.util.concurrent.TimeoutException timeout -> "timed out";
            case java.util.concurrent.CancellationException cancelled -> "cancelled";
            default -> "failed without a message (" + root.getClass().getName() + ")";
        };
    }
}
