package io.jqemu.launcher.block;

import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpSubscription;
import io.jqemu.qmp.command.VoidCommand;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The jobs one VM handle started: each gets a unique id, its {@code JOB_STATUS_CHANGE} listener is
 * registered before the command that starts it is sent, and its end is tracked so that QEMU's exit
 * fails it at once. {@link io.jqemu.launcher.RunningVm#jobs()} lists them.
 */
public final class BlockJobs {
    private static final AtomicLong COUNTER = new AtomicLong(System.currentTimeMillis() % 100_000);
    private final QmpClient qmp;
    private final Consumer<CompletableFuture<?>> track;
    private final Consumer<QmpSubscription> subscriptions;
    private final Set<BlockJob> running = ConcurrentHashMap.newKeySet();

    /**
     * The jobs of one VM.
     *
     * @param qmp the VM's monitor
     * @param track receives each job's {@link BlockJob#done()} future, so the VM's exit can fail it
     * @param subscriptions receives each job's event subscription, so the VM's end closes it
     */
    public BlockJobs(QmpClient qmp, Consumer<CompletableFuture<?>> track, Consumer<QmpSubscription> subscriptions) {
        this.qmp = qmp;
        this.track = track;
        this.subscriptions = subscriptions;
    }

    /**
     * Starts a job.
     *
     * @param type the job type, also the start of its id (e.g. {@code backup})
     * @param start the command (or transaction) that starts the job, given the job's id
     * @return the job's handle
     * @throws BlockJobException with QEMU's reason when the command is refused
     */
    public BlockJob start(String type, Function<String, VoidCommand> start) {
        String id = "jq-" + type + "-" + COUNTER.incrementAndGet();
        BlockJob job = new BlockJob(id, type, qmp);
        QmpSubscription sub = qmp.subscribe(QmpEvents.jobStatusChange(id),
                e -> job.onStatus(e.text("status").orElse("undefined")));
        subscriptions.accept(sub);
        job.subscription(sub);
        running.add(job);
        track.accept(job.done());
        job.done().whenComplete((j, t) -> running.remove(job));
        try {
            qmp.send(start.apply(id));
        } catch (QmpErrorException e) {
            BlockJobException refused = new BlockJobException(id, type + " job could not start: " + e.description(),
                    java.util.Optional.of(e.description()), false);
            job.failToStart(refused);
            throw refused;
        } catch (RuntimeException e) {
            job.failToStart(e);
            throw e;
        }
        return job;
    }

    /** {@return the jobs started here that have not ended yet} */
    public List<BlockJob> running() {
        return List.copyOf(running);
    }
}
