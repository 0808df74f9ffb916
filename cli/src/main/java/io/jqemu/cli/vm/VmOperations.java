package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.config.VmToml;
import io.jqemu.launcher.AfterSave;
import io.jqemu.launcher.BalloonStatus;
import io.jqemu.launcher.DeviceHandle;
import io.jqemu.launcher.MediaControl;
import io.jqemu.launcher.MediaStatus;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.SavedState;
import io.jqemu.launcher.ShutdownProgress;
import io.jqemu.launcher.ShutdownResult;
import io.jqemu.launcher.VmState;
import io.jqemu.launcher.VmStateListener;
import io.jqemu.qmp.QmpSubscription;
import io.jqemu.qmp.ga.GuestShutdownMode;
import io.jqemu.qmp.ga.QgaClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the management commands do to a running VM, as JSON requests and answers: the same code
 * serves {@code jqemu run}'s control socket and a command that re-attached to a VM by itself.
 *
 * <p>Requests: {@code {"op":"status"}}, {@code {"op":"stop","force":false,"progress":true,"guest_timeout_ms":60000}},
 * {@code {"op":"qmp","command":"query-status","arguments":{}}},
 * {@code {"op":"ga","command":"guest-ping","arguments":{}}}, {@code {"op":"balloon","mib":512}},
 * {@code {"op":"attach","table":"disks","toml":"path = ..."}} (any vm.toml device table),
 * {@code {"op":"detach","id":"disk3"}}, {@code {"op":"resize","id":"disk0","bytes":1073741824}},
 * {@code {"op":"save-state","file":"/abs/vm.state","then":"stop"}},
 * {@code {"op":"media","id":"cd0","action":"change","path":"/iso/b.iso","force":false}} (action status,
 * eject, insert or change). Answers: {@code {"ok":true,"result":...}} or
 * {@code {"ok":false,"error":"..."}}, after {@code {"progress":...}} lines for a {@code stop} that asked for
 * them. {@code {"op":"events"}} streams instead ({@link #streamEvents}).
 */
public final class VmOperations {

    /** How long hotplug completion and balloon changes may take. */
    public static final Duration DEVICE_TIMEOUT = Duration.ofSeconds(30);

    /** How long a guest-agent request waits for the agent to answer its handshake. */
    public static final Duration GUEST_AGENT_WAIT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningVm vm;
    private final Map<String, DeviceHandle> attached = new ConcurrentHashMap<>();

    /** Operations on {@code vm}, which knows the devices hot-plugged through it so far. */
    public VmOperations(RunningVm vm) {
        this.vm = vm;
        vm.hotpluggedDevices().forEach(h -> attached.put(h.id(), h));
    }

    /** Answers one request; never throws (failures become {@code "ok":false}). */
    public ObjectNode handle(JsonNode request) {
        return handle(request, progress -> { });
    }

    /**
     * Answers one request, telling {@code progress} what a long one is doing meanwhile (the server
     * sends each as a {@code {"progress":{...}}} line before the answer): a {@code stop} with
     * {@code "progress":true} reports each rung of the shutdown ladder ({@code step}, {@code action},
     * {@code waiting_ms}); a backup or a snapshot commit reports {@code {"current":..,"total":..}} about
     * every half second. Never throws.
     */
    public ObjectNode handle(JsonNode request, Consumer<ObjectNode> progress) {
        try {
            if (BlockOperations.handles(request)) {
                return ok(new BlockOperations(vm).dispatch(request, progress));
            }
            return ok(dispatch(request, progress));
        } catch (RuntimeException e) {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("ok", false);
            answer.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            return answer;
        }
    }

    private JsonNode dispatch(JsonNode request, Consumer<ObjectNode> progress) {
        String op = request.path("op").asText("");
        return switch (op) {
            case "status" -> status();
            case "stop" -> stop(request, progress);
            case "qmp" -> vm.qmp().execute(request.path("command").asText(),
                    request.path("arguments").isObject() ? (ObjectNode) request.get("arguments")
                            : JSON.createObjectNode());
            case "ga" -> guestAgent(request.path("command").asText(), request.path("arguments").isObject()
                    ? (ObjectNode) request.get("arguments") : JSON.createObjectNode());
            case "balloon" -> balloon(request.path("mib").asLong());
            case "attach" -> remember(vm.attach(VmToml.device(request.path("table").asText(),
                    request.path("toml").asText())));
            case "detach" -> detach(request.path("id").asText());
            case "resize" -> resize(request.path("id").asText(), request.path("bytes").asLong());
            case "save-state" -> saveState(request.path("file").asText(), request.path("then").asText("stop"));
            case "media" -> media(request.path("id").asText(), request.path("action").asText("status"),
                    request.path("path").asText(null), request.path("force").asBoolean(false));
            default -> throw new IllegalArgumentException("unknown operation '" + op + "'");
        };
    }

    private JsonNode status() {
        ObjectNode status = JSON.createObjectNode();
        status.put("name", vm.name());
        status.put("state", vm.state().name().toLowerCase(Locale.ROOT));
        status.put("pid", vm.pid());
        return status;
    }

    private JsonNode stop(JsonNode request, Consumer<ObjectNode> progress) {
        boolean force = request.path("force").asBoolean(false);
        long guestMillis = request.path("guest_timeout_ms").asLong(0);
        AutoCloseable listening = vm.onShutdownProgress(p -> {
            if (request.path("progress").asBoolean(false)) {
                progress.accept(progressLine(p));
            }
        });
        ShutdownResult result;
        try {
            result = force ? vm.stop() : guestMillis > 0 ? vm.shutdown(Duration.ofMillis(guestMillis)) : vm.shutdown();
        } finally {
            stopListening(listening);
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("ended_by", result.endedBy().name().toLowerCase(Locale.ROOT));
        node.put("guest_powered_off", result.guestPoweredOff());
        node.put("took_ms", result.took().toMillis());
        return node;
    }

    /** One guest-agent command; {@code guest-shutdown}, which the agent answers only with an error, answers {@code {}}. */
    private JsonNode guestAgent(String command, ObjectNode arguments) {
        QgaClient agent = vm.guestAgent(GUEST_AGENT_WAIT);
        if (!command.equals("guest-shutdown")) {
            return agent.execute(command, arguments);
        }
        String mode = arguments.path("mode").asText(GuestShutdownMode.POWERDOWN.value());
        GuestShutdownMode chosen = java.util.Arrays.stream(GuestShutdownMode.values())
                .filter(m -> m.value().equals(mode)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("guest-shutdown: mode must be powerdown, reboot or halt,"
                        + " not '" + mode + "'"));
        agent.shutdown(chosen);
        return JSON.createObjectNode();
    }

    private static void stopListening(AutoCloseable listener) {
        try {
            listener.close();
        } catch (Exception e) {
            throw new IllegalStateException("removing a shutdown progress listener: " + e.getMessage(), e);
        }
    }

    private static ObjectNode progressLine(ShutdownProgress progress) {
        ObjectNode rung = JSON.createObjectNode();
        rung.put("step", progress.step().name().toLowerCase(Locale.ROOT));
        rung.put("action", progress.action());
        rung.put("waiting_ms", progress.waiting().toMillis());
        rung.put("waits_for_guest", progress.waitsForGuest());
        return rung;
    }

    /**
     * Streams the VM's state changes and QMP events to {@code lines}, one {@code {"event":{...}}}
     * object each: first the current state ({@code "type":"state"}), then {@code "type":"state"} with
     * {@code from} and {@code state}, {@code "type":"qmp"} with {@code name} and {@code data}, and last
     * {@code "type":"end"} with the VM's final state once it has ended. Every object has {@code time}
     * (ISO-8601, UTC) and {@code vm}.
     *
     * @return completes when the stream ends: after the end line, when a line cannot be written, or
     *     when the caller completes it (the client left); the listeners are removed then
     */
    public CompletableFuture<Void> streamEvents(Consumer<ObjectNode> lines) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Object order = new Object();
        Consumer<ObjectNode> send = line -> {
            synchronized (order) {
                if (ended.isDone()) {
                    return;
                }
                try {
                    lines.accept(JSON.createObjectNode().set("event", line));
                } catch (RuntimeException e) {
                    ended.complete(null);
                }
            }
        };
        VmStateListener states = (v, from, to) -> {
            ObjectNode line = eventLine("state", Instant.now());
            line.put("from", lower(from));
            line.put("state", lower(to));
            send.accept(line);
            if (to.isTerminal()) {
                send.accept(eventLine("end", Instant.now()).put("state", lower(to)));
                ended.complete(null);
            }
        };
        vm.addStateListener(states);
        QmpSubscription events = vm.onEvent(e -> true, e -> {
            ObjectNode line = eventLine("qmp", e.timestamp());
            line.put("name", e.name());
            line.set("data", e.data());
            send.accept(line);
        });
        ended.whenComplete((v, t) -> {
            vm.removeStateListener(states);
            events.close();
        });
        VmState now = vm.state();
        send.accept(eventLine("state", Instant.now()).put("state", lower(now)));
        if (now.isTerminal()) {
            send.accept(eventLine("end", Instant.now()).put("state", lower(now)));
            ended.complete(null);
        }
        return ended;
    }

    private ObjectNode eventLine(String type, Instant time) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", time.toString());
        line.put("vm", vm.name());
        line.put("type", type);
        return line;
    }

    private static String lower(VmState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private JsonNode balloon(long mib) {
        if (mib < 1) {
            throw new IllegalArgumentException("balloon size must be at least 1 MiB, not " + mib);
        }
        BalloonStatus status = vm.setMemory(mib, DEVICE_TIMEOUT);
        ObjectNode node = JSON.createObjectNode();
        node.put("actual_mib", status.actualMib());
        return node;
    }

    private JsonNode remember(DeviceHandle handle) {
        attached.put(handle.id(), handle);
        ObjectNode node = JSON.createObjectNode();
        node.put("id", handle.id());
        node.put("field", handle.device().field());
        handle.rootPort().ifPresent(p -> node.put("root_port", p));
        return node;
    }

    private JsonNode detach(String id) {
        DeviceHandle handle = attached.containsKey(id) ? attached.get(id) : vm.device(id);
        handle.detach(DEVICE_TIMEOUT);
        attached.remove(id);
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("detached", true);
        return node;
    }

    private JsonNode resize(String id, long bytes) {
        ObjectNode node = JSON.createObjectNode();
        node.put("before", vm.resizeDisk(id, bytes));
        node.put("bytes", bytes);
        return node;
    }

    private JsonNode saveState(String file, String then) {
        AfterSave after = AfterSave.valueOf(then.toUpperCase(Locale.ROOT));
        SavedState saved = vm.saveState(java.nio.file.Path.of(file), after);
        ObjectNode node = JSON.createObjectNode();
        node.put("file", saved.file().toString());
        node.put("bytes", saved.bytes());
        node.put("took_ms", saved.duration().toMillis());
        return node;
    }

    private JsonNode media(String id, String action, String path, boolean force) {
        MediaControl drive = vm.media(id);
        switch (action) {
            case "status" -> { }
            case "eject" -> drive.eject(force);
            case "insert" -> drive.insert(required(path, action));
            case "change" -> drive.change(required(path, action), force);
            default -> throw new IllegalArgumentException("media: unknown action '" + action
                    + "'; one of status, eject, insert, change");
        }
        MediaStatus status = drive.status();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", status.id());
        node.put("tray_open", status.trayOpen());
        node.put("locked", status.locked());
        status.medium().ifPresentOrElse(m -> node.put("medium", m), () -> node.putNull("medium"));
        return node;
    }

    private static String required(String path, String action) {
        if (path == null) {
            throw new IllegalArgumentException("media " + action + " needs the path of an ISO image");
        }
        return path;
    }

    private static ObjectNode ok(JsonNode result) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ok", true);
        answer.set("result", result);
        return answer;
    }
}
