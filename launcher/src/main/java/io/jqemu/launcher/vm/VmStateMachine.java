package io.jqemu.launcher.vm;

import io.jqemu.launcher.VmState;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one VM and the legal moves between states. Listeners are told in order, one change
 * at a time, on a virtual thread started when there is something to tell (no thread is kept per
 * VM), never while a lock is held; terminal states are final.
 */
public final class VmStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(VmStateMachine.class);
    private static final Set<VmState> TERMINAL = EnumSet.of(VmState.STOPPED, VmState.CRASHED);
    private static final Map<VmState, Set<VmState>> ALLOWED = Map.of(
            VmState.STARTING, EnumSet.of(VmState.RUNNING, VmState.PAUSED, VmState.SHUTTING_DOWN,
                    VmState.STOPPED, VmState.CRASHED),
            VmState.RUNNING, EnumSet.of(VmState.PAUSED, VmState.SHUTTING_DOWN, VmState.STOPPED,
                    VmState.CRASHED),
            VmState.PAUSED, EnumSet.of(VmState.RUNNING, VmState.SHUTTING_DOWN, VmState.STOPPED,
                    VmState.CRASHED),
            VmState.SHUTTING_DOWN, EnumSet.of(VmState.STOPPED, VmState.CRASHED),
            VmState.STOPPED, EnumSet.noneOf(VmState.class),
            VmState.CRASHED, EnumSet.noneOf(VmState.class));

    private final String name;
    private final List<BiConsumer<VmState, VmState>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> notifications = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean notifying = new AtomicBoolean();
    private final CompletableFuture<VmState> terminal = new CompletableFuture<>();
    private VmState state;

    /**
     * A state machine that starts in {@code initial}.
     *
     * @param name the VM's name, for logs and the notifier thread's name
     * @param initial the first state
     */
    public VmStateMachine(String name, VmState initial) {
        this.name = name;
        this.state = initial;
    }

    /** The current state. */
    public synchronized VmState state() {
        return state;
    }

    /** Completes with STOPPED or CRASHED once the VM has reached one. */
    public CompletableFuture<VmState> terminal() {
        return terminal;
    }

    /** Adds a listener told about every later change as {@code (from, to)}. */
    public synchronized void addListener(BiConsumer<VmState, VmState> listener) {
        listeners.add(listener);
    }

    /** Removes a listener added before. */
    public void removeListener(BiConsumer<VmState, VmState> listener) {
        listeners.remove(listener);
    }

    /**
     * Moves to {@code next} when that is a legal move from the current state.
     *
     * @return whether the state changed
     */
    public boolean moveTo(VmState next) {
        return move(null, next);
    }

    private boolean move(VmState expected, VmState next) {
        VmState from;
        List<BiConsumer<VmState, VmState>> told;
        synchronized (this) {
            from = state;
            if ((expected != null && from != expected) || from == next || !ALLOWED.get(from).contains(next)) {
                return false;
            }
            state = next;
            told = List.copyOf(listeners);
            // queued under the lock, so listeners hear the changes in the order they happened
            notifications.add(() -> notifyAll(told, from, next));
            if (TERMINAL.contains(next)) {
                notifications.add(() -> terminal.complete(next));
            }
            scheduleNotifier();
        }
        LOG.info("VM {}: {} -> {}", name, from, next);
        return true;
    }

    /**
     * Moves to {@code next} only when the current state is {@code expected}.
     *
     * @return whether the state changed
     */
    public boolean moveIf(VmState expected, VmState next) {
        return move(expected, next);
    }

    private void scheduleNotifier() {
        if (!notifications.isEmpty() && notifying.compareAndSet(false, true)) {
            Thread.ofVirtual().name("vm-state-" + name).start(this::drainNotifications);
        }
    }

    private void drainNotifications() {
        try {
            Runnable notification;
            while ((notification = notifications.poll()) != null) {
                notification.run();
            }
        } finally {
            notifying.set(false);
            scheduleNotifier();
        }
    }

    private void notifyAll(List<BiConsumer<VmState, VmState>> told, VmState from, VmState to) {
        for (BiConsumer<VmState, VmState> listener : told) {
            try {
                listener.accept(from, to);
            } catch (RuntimeException e) {
                LOG.warn("VM {}: a state listener failed on {} -> {}", name, from, to, e);
            }
        }
    }
}
