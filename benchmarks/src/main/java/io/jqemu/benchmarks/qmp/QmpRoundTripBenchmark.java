package io.jqemu.benchmarks.qmp;

import io.jqemu.benchmarks.BenchmarkQemu;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpReplyAndEvent;
import io.jqemu.qmp.command.Cont;
import io.jqemu.qmp.command.QueryStatus;
import io.jqemu.qmp.command.StatusInfo;
import io.jqemu.qmp.command.Stop;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * QMP round trips against one real QEMU (started in {@link #start()}): jqemu's client sequential and
 * pipelined, execute-and-await, and a minimal blocking JDK SocketChannel client as the baseline.
 * Each client has its own monitor of the same QEMU.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class QmpRoundTripBenchmark {
    /** Commands per pipelined invocation; with OOB, 8 are on the wire at once. */
    public static final int PIPELINE_BATCH = 64;

    private BenchmarkQemu qemu;
    private QmpClient client;
    private QmpClient eventClient;
    private BaselineQmpClient baseline;
    private BaselineQmpClient baselineOob;
    private final CompletableFuture<?>[] batch = new CompletableFuture<?>[PIPELINE_BATCH];

    /** Starts QEMU and connects the three clients. */
    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException {
        qemu = BenchmarkQemu.start("jqemu", "events", "baseline", "baselineOob");
        client = QmpClient.builder().unixSocket(qemu.socket("jqemu")).connect();
        eventClient = QmpClient.builder().unixSocket(qemu.socket("events")).connect();
        baseline = BaselineQmpClient.connect(qemu.socket("baseline"), false);
        baselineOob = BaselineQmpClient.connect(qemu.socket("baselineOob"), true);
        if (!client.oobEnabled()) {
            throw new IllegalStateException("QEMU did not offer OOB; the pipelined benchmark needs it");
        }
    }

    /** Closes the clients and kills QEMU. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        baseline.close();
        baselineOob.close();
        eventClient.close();
        client.close();
        qemu.close();
    }

    /** @return the reply line of query-status from the minimal JDK client (same request bytes as jqemu's) */
    @Benchmark
    public String baselineSequentialQueryStatus() throws IOException {
        return baseline.queryStatus();
    }

    /** @return the reply line of query-status from the minimal JDK client, sent without an id */
    @Benchmark
    public String baselineSequentialQueryStatusWithoutId() throws IOException {
        return baseline.queryStatusWithoutId();
    }

    /**
     * QEMU's own ceiling for pipelining: the minimal client writes 8 requests at once on an OOB
     * monitor and reads the 8 replies.
     *
     * @return the last reply line
     */
    @Benchmark
    @OperationsPerInvocation(8)
    public String baselinePipelinedQueryStatus() throws IOException {
        return baselineOob.queryStatusBatch(8);
    }

    /**
     * The minimal client keeping 8 requests in flight, one written per reply (the rolling window
     * jqemu keeps), {@value #PIPELINE_BATCH} replies per invocation.
     *
     * @return the last reply line
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public String baselineRollingQueryStatus() throws IOException {
        return baselineOob.queryStatusRolling(8, PIPELINE_BATCH);
    }

    /**
     * The same-bytes request followed by {@value BaselineQmpClient#PADDING} spaces. Minus
     * {@link #baselineSequentialQueryStatus()} and divided by the padding, it is QEMU's cost per
     * request byte, which bounds any pipelined client from below: its monitor reads one byte per
     * loop iteration, whatever else is in flight.
     *
     * @return the reply line
     */
    @Benchmark
    public String baselineSequentialQueryStatusPadded() throws IOException {
        return baseline.queryStatusPadded();
    }

    /** @return query-status through jqemu's blocking API */
    @Benchmark
    public StatusInfo sequentialQueryStatus() {
        return client.send(new QueryStatus());
    }

    /** @return the last of {@value #PIPELINE_BATCH} query-status sent at once (8 in flight with OOB) */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_BATCH)
    public Object pipelinedQueryStatus() {
        for (int i = 0; i < PIPELINE_BATCH; i++) {
            batch[i] = client.sendAsync(new QueryStatus());
        }
        CompletableFuture.allOf(batch).join();
        return batch[PIPELINE_BATCH - 1].join();
    }

    /** Resumes the VM before each stop measurement (not measured). */
    @State(Scope.Thread)
    public static class Running {
        /**
         * Sends cont and waits for RESUME.
         *
         * @param b the benchmark state
         */
        @Setup(Level.Invocation)
        public void resume(QmpRoundTripBenchmark b) {
            b.eventClient.sendAndAwait(new Cont(), QmpEvents.named("RESUME"), Duration.ofSeconds(10));
        }
    }

    /**
     * @param running makes sure the VM runs, so that stop emits STOP
     * @return stop's reply together with the STOP event
     */
    @Benchmark
    public QmpReplyAndEvent<Void> stopAndAwaitStopEvent(Running running) {
        return eventClient.sendAndAwait(new Stop(), QmpEvents.named("STOP"), Duration.ofSeconds(10));
    }
}
