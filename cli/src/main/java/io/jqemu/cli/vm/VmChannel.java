package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.VmLockedException;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.vm.VmLock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends one management request to a VM: through the control socket of the {@code jqemu run} that
 * owns it, or, when no {@code run} is there any more, by re-attaching to QEMU directly (and letting
 * go again afterwards, leaving the VM running).
 *
 * <p>A re-attach takes the VM's controller lock for the request's duration, so concurrent requests
 * to a VM without a {@code run} take turns on QEMU's single monitor: they queue on the VM's request
 * lock ({@link VmLock#awaitTurn}, sleeping), and the one whose turn it is looks for the control
 * socket of a {@code run} that may have taken over, then tries the controller lock, until
 * {@link #LOCK_WAIT} has passed.
 */
public final class VmChannel {

    /** How long a request waits for other controllers of the VM to let go before it gives up. */
    public static final Duration LOCK_WAIT = Duration.ofMinutes(3);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RETRY_MILLIS = 50;

    private final HostLayout layout;

    /** Requests to VMs under {@code layout}. */
    public VmChannel(HostLayout layout) {
        this.layout = layout;
    }

    /** A new empty request for operation {@code op}. */
    public static ObjectNode request(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    /**
     * Sends {@code request} to VM {@code name} and returns the answer's {@code result}.
     *
     * @throws CommandFailedException (exit 1) when there is no such VM or the operation failed
     */
    public JsonNode send(String name, ObjectNode request) {
        return send(name, request, line -> { });
    }

    /**
     * {@link #send(String, ObjectNode)}, handing each {@code {"progress":...}} line that comes before
     * the answer to {@code progress} (a {@code stop} asking for them).
     */
    public JsonNode send(String name, ObjectNode request, Consumer<JsonNode> progress) {
        ManagedVm vm = ManagedVm.find(layout, name);
        JsonNode answer = answer(vm, request, progress);
        if (!answer.path("ok").asBoolean(false)) {
            throw new CommandFailedException(ExitCode.FAILED, name + ": " + answer.path("error").asText("failed"));
        }
        return answer.path("result");
    }

    private static Optional<JsonNode> viaRun(ManagedVm vm, ObjectNode request, Consumer<JsonNode> progress) {
        if (!Files.exists(vm.controlSocket())) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(vm.controlSocket()));
            Channels.newOutputStream(channel).write((JSON.writeValueAsString(request) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new CommandFailedException(ExitCode.FAILED, vm.name()
                            + ": jqemu run closed the control socket");
                }
                JsonNode node = JSON.readTree(line);
                if (!node.has("progress")) {
                    return Optional.of(node);
                }
                progress.accept(node.get("progress"));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private JsonNode answer(ManagedVm vm, ObjectNode request, Consumer<JsonNode> progress) {
        Optional<JsonNode> direct = viaRun(vm, request, progress);
        if (direct.isPresent()) {
            return direct.get();
        }
        String controller = "jqemu " + request.path("op").asText("request") + " " + vm.name();
        Launcher launcher = Launcher.builder().stateRoot(layout.stateRoot()).runtimeRoot(layout.runtimeRoot())
                .stopVmsOnJvmExit(false).controller(controller).build();
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        try (VmLock turn = VmLock.awaitTurn(vm.stateDir(), vm.name(), controller, LOCK_WAIT)) {
            while (true) {
                Optional<JsonNode> answer = viaRun(vm, request, progress);
                if (answer.isPresent()) {
                    return answer.get();
                }
                try {
                    return viaReattach(launcher, vm, request, progress);
                } catch (VmLockedException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    pause();
                }
            }
        } catch (VmLockedException e) {
            throw new CommandFailedException(ExitCode.FAILED, e.getMessage() + "; gave up after waiting "
                    + LOCK_WAIT.toSeconds() + " s for it to let go", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(ExitCode.FAILED, "interrupted while waiting for the VM's controller", e);
        }
    }

    private static JsonNode viaReattach(Launcher launcher, ManagedVm vm, ObjectNode request,
            Consumer<JsonNode> progress) {
        RunningVm running = vm.machine().map(m -> launcher.reattach(vm.stateDir(), m))
                .orElseGet(() -> launcher.reattach(vm.stateDir()));
        try {
            return new VmOperations(running).handle(request, progress::accept);
        } finally {
            if (!running.state().isTerminal()) {
                running.disconnect();
            }
        }
    }
}
