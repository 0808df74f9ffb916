package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileDescriptor;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import jnr.posix.POSIXFactory;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a block job's progress on standard error: a progress bar when standard error is a terminal,
 * otherwise a plain line at every tenth of the way ({@code backup disk0: 40% (25.6 of 64.0 MiB)}),
 * for logs and pipes. Fed with the {@code progress} objects a long operation reports
 * ({@code {"current":..,"total":..}}).
 */
public final class JobProgressPrinter implements Consumer<JsonNode>, AutoCloseable {
    private static final double MIB = 1024.0 * 1024.0;
    private final String task;
    private final PrintWriter err;
    private final boolean terminal;
    private ProgressBar bar;
    private int lastTenth = -1;

    /**
     * @param task what is shown before the progress, e.g. {@code backup disk0}
     * @param err where plain lines go when standard error is not a terminal
     */
    public JobProgressPrinter(String task, PrintWriter err) {
        this(task, err, isTerminal());
    }

    JobProgressPrinter(String task, PrintWriter err, boolean terminal) {
        this.task = task;
        this.err = err;
        this.terminal = terminal;
    }

    /** @return whether standard error is a terminal */
    static boolean isTerminal() {
        try {
            return POSIXFactory.getPOSIX().isatty(FileDescriptor.err);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void accept(JsonNode progress) {
        long current = progress.path("current").asLong();
        long total = progress.path("total").asLong();
        if (total <= 0) {
            return;
        }
        if (terminal) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" MiB", 1 << 20)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .continuousUpdate().build();
            }
            bar.maxHint(total);
            bar.stepTo(current);
            return;
        }
        int tenth = (int) Math.min(10, current * 10 / total);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            err.println(String.format(Locale.ROOT, "%s: %d%% (%.1f of %.1f MiB)", task, tenth * 10, current / MIB, total / MIB));
            err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
